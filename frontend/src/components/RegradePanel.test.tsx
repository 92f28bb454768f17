import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegradeBatch } from '../api/types';
import { fakeApi } from '../test/fakes';
import { noteSpecChanged, RegradePanel } from './RegradePanel';

const batch = (done: number): RegradeBatch => ({ id: 'b1', assignmentId: 'hello-c', total: 3, done, pending: 3 - done, submissions: ['1', '2', '3'], createdAt: '2026-11-23T17:00:00Z' });

describe('RegradePanel', () => {
  beforeEach(() => sessionStorage.clear());

  it('asks before regrading, and Cancel sends nothing', () => {
    const calls = fakeApi({});
    render(<RegradePanel assignmentId="hello-c" specVersion={2} onFinished={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Regrade all' }));
    expect(screen.getByRole('group', { name: 'Confirm the regrade' }).textContent).toContain('version 2 of the tests');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Confirm the regrade' })).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('offers the regrade right after the tests changed, and forgets it once regraded', async () => {
    fakeApi({ 'POST /assignments/hello-c/regrades': () => ({ status: 202, body: batch(0) }), 'GET /regrades/b1': () => ({ body: batch(0) }) });
    noteSpecChanged('hello-c', 3);
    const { unmount } = render(<RegradePanel assignmentId="hello-c" specVersion={3} onFinished={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toContain('You changed the tests (now version 3)');
    fireEvent.click(screen.getByRole('button', { name: 'Regrade all' }));
    fireEvent.click(screen.getByRole('button', { name: 'Regrade all now' }));
    await screen.findByRole('progressbar', { name: 'Regrade progress' });
    unmount();
    render(<RegradePanel assignmentId="hello-c" specVersion={3} onFinished={vi.fn()} />);
    expect(screen.queryByText(/You changed the tests/)).toBeNull();
  });

  it('does not offer a regrade for tests changed before the version shown', () => {
    fakeApi({});
    noteSpecChanged('hello-c', 2);
    render(<RegradePanel assignmentId="hello-c" specVersion={3} onFinished={vi.fn()} />);
    expect(screen.queryByText(/You changed the tests/)).toBeNull();
  });

  it('polls the batch and fills the bar until every submission is regraded', async () => {
    vi.useFakeTimers();
    let done = 0;
    const calls = fakeApi({
      'POST /assignments/hello-c/regrades': () => ({ status: 202, body: batch(0) }),
      'GET /regrades/b1': () => ({ body: batch(done) }),
    });
    const onFinished = vi.fn();
    render(<RegradePanel assignmentId="hello-c" specVersion={2} onFinished={onFinished} />);
    fireEvent.click(screen.getByRole('button', { name: 'Regrade all' }));
    fireEvent.click(screen.getByRole('button', { name: 'Regrade all now' }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    const bar = () => screen.getByRole('progressbar', { name: 'Regrade progress' });
    expect(bar().getAttribute('aria-valuetext')).toBe('Regraded 0 of 3');
    expect(screen.getByRole('button', { name: 'Regrading…' })).toHaveProperty('disabled', true);

    done = 2;
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(bar().getAttribute('aria-valuenow')).toBe('67');
    done = 3;
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(bar().getAttribute('aria-valuetext')).toBe('Regrade finished: 3 of 3 submissions');
    expect(onFinished).toHaveBeenCalledOnce();

    const polls = calls.filter((c) => c.path === '/regrades/b1').length;
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(calls.filter((c) => c.path === '/regrades/b1')).toHaveLength(polls);
  });
});
