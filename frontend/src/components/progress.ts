import type { Submission } from '../api/types';
import { formatDuration, formatScore, verdictLabel } from '../lib/format';

/** What the progress bar shows for a submission at one moment. */
export interface ProgressState {
  stage: 'received' | 'waiting' | 'starting' | 'compiling' | 'testing' | 'autograder' | 'done';
  /** 0 to 100. */
  percent: number;
  /** The one line a screen reader announces. */
  label: string;
  detail?: string;
}

// The share of the bar each stage starts at: tests fill the range from TESTS_START to 100.
const TESTS_START = 30;

export function progressOf(submission: Submission): ProgressState {
  if (submission.status === 'GRADED') {
    const verdict = submission.verdict ?? submission.result?.verdict;
    const score = submission.score ?? submission.result?.score;
    const maxScore = submission.maxScore ?? submission.result?.maxScore;
    return {
      stage: 'done',
      percent: 100,
      label: verdict ? `Graded: ${verdictLabel(verdict)}, ${formatScore(score, maxScore)}` : 'Graded',
    };
  }
  const queue = submission.queue;
  if (!queue) return { stage: 'received', percent: 2, label: 'Received, joining the queue' };
  if (queue.state === 'WAITING') {
    const position = queue.ahead + 1;
    const detail =
      queue.runners === 0 || queue.estimatedWaitMillis < 0
        ? 'No runner serves this assignment right now; it starts when one joins.'
        : `Estimated wait: ${formatDuration(queue.estimatedWaitMillis)}.`;
    return {
      stage: 'waiting',
      percent: 5,
      label: `Queued: position ${position}` + (queue.ahead === 0 ? ' (next)' : ` (${queue.ahead} ahead)`),
      detail,
    };
  }
  const progress = queue.progress;
  switch (progress?.phase) {
    case 'COMPILING':
      return { stage: 'compiling', percent: 15, label: 'Compiling' };
    case 'TESTING': {
      if (progress.tests <= 0) return { stage: 'testing', percent: TESTS_START, label: 'Running tests' };
      const test = Math.min(Math.max(progress.test, 1), progress.tests);
      const percent = TESTS_START + ((100 - TESTS_START) * (test - 1)) / progress.tests;
      return { stage: 'testing', percent: Math.round(percent), label: `Running test ${test} of ${progress.tests}` };
    }
    case 'RUNNING_AUTOGRADER':
      return { stage: 'autograder', percent: 50, label: 'Running the autograder' };
    default:
      return { stage: 'starting', percent: 10, label: 'Starting the sandbox' };
  }
}
