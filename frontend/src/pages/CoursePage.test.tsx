import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SubmissionSummary } from '../api/types';
import { SessionContext } from '../lib/session';
import { assignment, fakeApi } from '../test/fakes';
import { CoursePage } from './CoursePage';

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
      'GET /courses/cs101/assignments': () => ({ body: [assignment({ id: 'hello', title: 'Hello', countedSubmission: 'BEST' }), assignment({ id: 'stats', title: 'Stats' })] }),
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
