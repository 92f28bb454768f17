import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Submission } from '../api/types';
import { FakeEventSource, fakeApi, submission } from '../test/fakes';
import { LiveSubmission } from './LiveSubmission';

const bar = () => screen.getByRole('progressbar');

const running = (test: number): Submission =>
  submission({ status: 'RUNNING', queue: { state: 'RUNNING', ahead: 0, estimatedWaitMillis: -1, runners: 1, progress: { phase: 'TESTING', test, tests: 2 } } });

const graded = submission({
  status: 'GRADED',
  verdict: 'WRONG_ANSWER',
  score: 1,
  maxScore: 2,
  result: {
    verdict: 'WRONG_ANSWER',
    score: 1,
    maxScore: 2,
    compileOutput: 'hello.c:3: warning: unused variable',
    tests: [
      { name: 'greets Ada', verdict: 'ACCEPTED', score: 1, maxScore: 1, wallMillis: 12, cpuMillis: 1, peakMemoryKib: 1024, exitCode: 0, signal: null, visibility: 'VISIBLE', feedback: '' },
      {
        name: 'greets Grace',
        verdict: 'WRONG_ANSWER',
        score: 0,
        maxScore: 1,
        wallMillis: 11,
        cpuMillis: 1,
        peakMemoryKib: 1024,
        exitCode: 0,
        signal: null,
        visibility: 'VISIBLE',
        feedback: 'line 1:\n  expected: "Hello, Grace!"\n  actual:   "Hi, Grace!"',
      },
    ],
    hiddenTests: 1,
  },
});

describe('LiveSubmission', () => {
  beforeEach(() => FakeEventSource.install());

  it('moves the progress bar with each SSE event and shows the result on done', () => {
    const onGraded = vi.fn();
    render(<LiveSubmission submission={submission()} onGraded={onGraded} />);
    const source = FakeEventSource.last();
    expect(source.url).toBe('/api/v1/submissions/s1/events');

    act(() => source.emit('status', submission({ queue: { state: 'WAITING', ahead: 1, estimatedWaitMillis: 20_000, runners: 1, progress: null } })));
    expect(bar().getAttribute('aria-valuetext')).toBe('Queued: position 2 (1 ahead)');
    expect(screen.getByText(/Estimated wait: 20 s/)).toBeTruthy();
    const queued = Number(bar().getAttribute('aria-valuenow'));

    act(() =>
      source.emit('status', submission({ status: 'RUNNING', queue: { state: 'RUNNING', ahead: 0, estimatedWaitMillis: -1, runners: 1, progress: { phase: 'COMPILING', test: 0, tests: 0 } } })),
    );
    expect(bar().getAttribute('aria-valuetext')).toBe('Compiling');
    const compiling = Number(bar().getAttribute('aria-valuenow'));

    act(() => source.emit('status', running(2)));
    expect(bar().getAttribute('aria-valuetext')).toBe('Running test 2 of 2');
    const testing = Number(bar().getAttribute('aria-valuenow'));
    expect(queued).toBeLessThan(compiling);
    expect(compiling).toBeLessThan(testing);
    expect(onGraded).not.toHaveBeenCalled();

    act(() => source.emit('done', graded));
    expect(bar().getAttribute('aria-valuenow')).toBe('100');
    expect(bar().getAttribute('aria-valuetext')).toBe('Graded: Wrong answer, 1 / 2');
    expect(source.closed).toBe(true);
    expect(onGraded).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Accepted')).toBeTruthy();
    expect(screen.getAllByText('Wrong answer').length).toBeGreaterThan(0);
    expect(screen.getByText('hello.c:3: warning: unused variable')).toBeTruthy();
    const sides = [...document.querySelectorAll('.diff td.diff-text code')].map((c) => c.textContent);
    expect(sides).toEqual(['Hello, Grace!', 'Hi, Grace!']);
    expect(screen.getByText(/1 hidden test is not shown/)).toBeTruthy();
  });

  it('announces progress politely', () => {
    render(<LiveSubmission submission={running(1)} />);
    const live = screen.getByText('Running test 1 of 2');
    expect(live.getAttribute('aria-live')).toBe('polite');
  });

  it('polls the submission when the stream fails before done', async () => {
    vi.useFakeTimers();
    let answer = running(1);
    fakeApi({ 'GET /submissions/s1': () => ({ body: answer }) });
    render(<LiveSubmission submission={submission()} />);
    act(() => FakeEventSource.last().fail());
    expect(FakeEventSource.last().closed).toBe(true);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(bar().getAttribute('aria-valuetext')).toBe('Running test 1 of 2');
    answer = graded;
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(bar().getAttribute('aria-valuetext')).toBe('Graded: Wrong answer, 1 / 2');
  });

  it('opens no stream for a submission already graded', () => {
    render(<LiveSubmission submission={graded} />);
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(bar().getAttribute('aria-valuenow')).toBe('100');
  });
});
