import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Assignment, SubmissionSummary } from '../api/types';
import { SessionContext } from '../lib/session';
import { fakeApi } from '../test/fakes';
import { CoursePage } from './CoursePage';

const assignment = (id: string, title: string, rule: Assignment['countedSubmission']): Assignment => ({
  id,
  courseId: 'cs101',
  title,
  description: null,
  flavour: 'default',
  format: 'io',
  opensAt: null,
  dueAt: '2099-01-01T00:00:00Z',
  lateUntil: null,
  latePenaltyPercentPerDay: 0,
  submissionLimit: null,
  defaultVisibility: 'VISIBLE',
  published: true,
  gradesPublished: false,
  specVersion: 1,
  maxScore: 4,
  tests: [],
  createdAt: '2026-11-01T00:00:00Z',
  runsLeft: null,
  countedSubmission: rule,
});

const counted: SubmissionSummary = {
  id: 's1',
  assignmentId: 'hello',
  student: 'ada',
  status: 'GRADED',
  receivedAt: '2026-12-01T10:00:00Z',
  gradedAt: '2026-12-01T10:00:01Z',
  verdict: 'ACCEPTED',
  score: 4,
  maxScore: 4,
  late: false,
  daysLate: 0,
  penaltyPercent: 0,
  finalScore: 4,
  practice: false,
  number: 1,
  counted: true,
};

describe('CoursePage', () => {
  it("shows a student their grade on each assignment and which submission gives it", async () => {
    fakeApi({
      'GET /courses/cs101': () => ({ body: { id: 'cs101', code: 'CS101', title: 'Programming', term: 'Fall' } }),
      'GET /courses/cs101/assignments': () => ({ body: [assignment('hello', 'Hello', 'BEST'), assignment('stats', 'Stats', 'LATEST')] }),
      'GET /assignments/hello/submissions': () => ({ body: [counted] }),
      'GET /assignments/stats/submissions': () => ({ body: [] }),
    });
    render(
      <SessionContext.Provider
        value={{ account: { username: 'ada', displayName: 'Ada', siteAdmin: false }, courses: [{ id: 'cs101', code: 'CS101', title: 'Programming', term: 'Fall', role: 'STUDENT' }], signOut: vi.fn(), refresh: vi.fn() }}
      >
        <CoursePage courseId="cs101" />
      </SessionContext.Provider>,
    );
    expect(await screen.findByRole('columnheader', { name: 'Your grade' })).toBeTruthy();
    const hello = (await screen.findByRole('rowheader', { name: 'Hello' })).closest('tr')!;
    expect(await within(hello).findByText('4 / 4 (counts: submission #1, best)')).toBeTruthy();
    const stats = screen.getByRole('rowheader', { name: 'Stats' }).closest('tr')!;
    expect(await within(stats).findByText('no submission yet')).toBeTruthy();
  });
});
