// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { submission } from '../test/fakes';
import { progressOf } from './progress';

describe('progressOf', () => {
  it('shows the queue position and the estimated wait while waiting', () => {
    const state = progressOf(submission({ queue: { state: 'WAITING', ahead: 2, estimatedWaitMillis: 45_000, runners: 2, progress: null } }));
    expect(state.stage).toBe('waiting');
    expect(state.label).toBe('Queued: position 3 (2 ahead)');
    expect(state.detail).toBe('Estimated wait: 45 s.');
  });

  it('says when no runner serves the flavour instead of an estimate', () => {
    const state = progressOf(submission({ queue: { state: 'WAITING', ahead: 0, estimatedWaitMillis: -1, runners: 0, progress: null } }));
    expect(state.label).toBe('Queued: position 1 (next)');
    expect(state.detail).toMatch(/No runner/);
  });

  it('moves through compiling and test k of n to done', () => {
    const running = (phase: 'STARTING' | 'COMPILING' | 'TESTING', test = 0, tests = 0) =>
      progressOf(submission({ status: 'RUNNING', queue: { state: 'RUNNING', ahead: 0, estimatedWaitMillis: -1, runners: 1, progress: { phase, test, tests } } }));
    const starting = running('STARTING');
    const compiling = running('COMPILING');
    const first = running('TESTING', 1, 4);
    const third = running('TESTING', 3, 4);
    const done = progressOf(submission({ status: 'GRADED', verdict: 'WRONG_ANSWER', score: 2, maxScore: 4 }));
    expect(compiling.label).toBe('Compiling');
    expect(third.label).toBe('Running test 3 of 4');
    expect(done.label).toBe('Graded: Wrong answer, 2 / 4');
    const percents = [starting, compiling, first, third, done].map((s) => s.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(new Set(percents).size).toBe(percents.length);
    expect(done.percent).toBe(100);
  });

  it('keeps a test number out of range inside the bar', () => {
    const state = progressOf(
      submission({ status: 'RUNNING', queue: { state: 'RUNNING', ahead: 0, estimatedWaitMillis: -1, runners: 1, progress: { phase: 'TESTING', test: 9, tests: 4 } } }),
    );
    expect(state.label).toBe('Running test 4 of 4');
    expect(state.percent).toBeLessThan(100);
  });
});
