import type { TestVerdict } from '../api/types';
import { formatNumber, formatScore } from '../lib/format';
import { FeedbackView } from './FeedbackView';
import { VerdictBadge } from './VerdictBadge';

/** One row per test: verdict, points, resources; feedback (with a diff) below each test that has any. */
export function TestResults({ tests, hiddenTests = 0 }: { tests: TestVerdict[]; hiddenTests?: number }) {
  return (
    <section aria-labelledby="tests-heading">
      <h3 id="tests-heading">Tests</h3>
      {tests.length === 0 ? (
        <p>No test results to show.</p>
      ) : (
        <ol className="test-list">
          {tests.map((test, index) => (
            <li key={index} className="test">
              <div className="test-head">
                <span className="test-name">{test.name}</span>
                <VerdictBadge verdict={test.verdict} />
                <span className="test-score">{formatScore(test.score, test.maxScore)} points</span>
              </div>
              <p className="test-facts">{resources(test)}</p>
              {test.feedback && (
                <details open={test.verdict !== 'ACCEPTED'}>
                  <summary>Feedback</summary>
                  <FeedbackView feedback={test.feedback} />
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
      {hiddenTests > 0 && <p>{hiddenTests} hidden {hiddenTests === 1 ? 'test is' : 'tests are'} not shown; their points count.</p>}
    </section>
  );
}

function resources(test: TestVerdict): string {
  // The grader writes -1 (or nothing) for what it could not measure.
  const known = (n: number | null | undefined): n is number => n !== null && n !== undefined && n >= 0;
  const facts: string[] = [];
  if (known(test.wallMillis)) facts.push(`${test.wallMillis} ms`);
  if (known(test.cpuMillis)) facts.push(`CPU ${test.cpuMillis} ms`);
  if (known(test.peakMemoryKib) && test.peakMemoryKib > 0) facts.push(`${formatNumber(test.peakMemoryKib / 1024)} MiB`);
  // The grader reports signal 0 for a process that exited by itself.
  if (test.signal) facts.push(`signal ${test.signal}`);
  else if (known(test.exitCode)) facts.push(`exit code ${test.exitCode}`);
  return facts.join(' · ');
}
