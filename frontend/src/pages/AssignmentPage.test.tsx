import { render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubmissionSummary } from '../api/types';
import { SessionContext } from '../lib/session';
import { assignment, FakeEventSource, fakeApi, submission } from '../test/fakes';
import { AssignmentPage } from './AssignmentPage';

const hello = assignment({ tests: [{ name: 'greets', points: 4, visibility: 'VISIBLE' }], hiddenTests: 0, setup: { status: 'READY' } });

const row = (overrides: Partial<SubmissionSummary>): SubmissionSummary => {
  const { files: _files, attempt: _attempt, queue: _queue, result: _result, ...summary } = submission(overrides);
  return { number: 1, counted: true, ...summary };
};

const asAda = (page: React.ReactNode) => (
  <SessionContext.Provider
    value={{ account: { username: 'ada', displayName: 'Ada', siteAdmin: false }, courses: [{ id: 'cs101', code: 'CS101', title: 'CS', term: 'F26', role: 'STUDENT' }], signOut: vi.fn(), refresh: vi.fn() }}
  >
    {page}
  </SessionContext.Provider>
);

describe('AssignmentPage', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    FakeEventSource.install();
  });

  it("follows the student's own submission live again after a reload or Back", async () => {
    const running = submission({ id: 's2', status: 'RUNNING', receivedAt: '2026-12-07T10:00:00Z' });
    fakeApi({
      'GET /assignments/hello-c': () => ({ body: hello }),
      'GET /assignments/hello-c/submissions': () => ({ body: [row({ id: 's1', status: 'GRADED', verdict: 'ACCEPTED', score: 4, maxScore: 4 }), row({ id: 's2', status: 'RUNNING', receivedAt: '2026-12-07T10:00:00Z' })] }),
      'GET /submissions/s2': () => ({ body: running }),
    });
    render(asAda(<AssignmentPage assignmentId="hello-c" />));
    await screen.findByRole('link', { name: 's2' });
    // The stream opens in an effect, a moment after the section shows.
    await waitFor(() => expect(FakeEventSource.last().url).toContain('/submissions/s2/events'));
  });

  it('shows the live verdict in the history at once, before the list has caught up', async () => {
    const queued = submission({ id: 's1' });
    fakeApi({
      'GET /assignments/hello-c': () => ({ body: hello }),
      // The read side still says RUNNING after the live stream said GRADED.
      'GET /assignments/hello-c/submissions': () => ({ body: [row({ id: 's1', status: 'RUNNING' })] }),
      'GET /submissions/s1': () => ({ body: queued }),
    });
    render(asAda(<AssignmentPage assignmentId="hello-c" />));
    await screen.findByRole('link', { name: 's1' });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    FakeEventSource.last().emit('done', submission({ id: 's1', status: 'GRADED', verdict: 'ACCEPTED', score: 4, maxScore: 4, finalScore: 4 }));
    const history = await screen.findByRole('table');
    await waitFor(() => expect(within(history).getAllByRole('row')[1].textContent).toContain('Accepted'));
    expect(within(history).queryByText('Running')).toBeNull();
  });
});
