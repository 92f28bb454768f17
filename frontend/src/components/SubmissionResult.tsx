import type { GradingResult } from '../api/types';
import { formatScore } from '../lib/format';
import { GroupResults } from './GroupResults';
import { TestResults } from './TestResults';
import { VerdictBadge } from './VerdictBadge';

/** A graded submission's result as far as the viewer may see it; staff also get the log. */
export function SubmissionResult({ result }: { result: GradingResult }) {
  return (
    <div className="result">
      <p className="result-head">
        <VerdictBadge verdict={result.verdict} /> <strong>{formatScore(result.score, result.maxScore)}</strong> points
      </p>
      {result.compileOutput && (
        <section aria-labelledby="compile-heading">
          <h3 id="compile-heading">Compiler messages</h3>
          <pre className="output">{result.compileOutput}</pre>
        </section>
      )}
      <GroupResults groups={result.groups ?? []} />
      <TestResults tests={result.tests ?? []} hiddenTests={result.hiddenTests} />
      {result.output && (
        <section aria-labelledby="output-heading">
          <h3 id="output-heading">Autograder output</h3>
          <pre className="output">{result.output}</pre>
        </section>
      )}
      {result.log && (
        <details>
          <summary>Grading log</summary>
          <pre className="output">{result.log}</pre>
        </details>
      )}
    </div>
  );
}
