import type { Assignment, SubmissionSummary } from '../api/types';
import { formatNumber } from '../lib/format';

const RULE_WORDS = { LATEST: 'latest', BEST: 'best', CHOSEN: 'chosen' } as const;

/**
 * The student's grade for the assignment in one line: "Your grade: 2 / 2 (counts: submission #1,
 * best)"; null before they submitted or while the list does not say which counts.
 */
export function gradeLine(a: Assignment, mine: SubmissionSummary[]): string | null {
  const counted = mine.find((s) => s.counted);
  if (!counted) return null;
  const rule = RULE_WORDS[a.countedSubmission ?? 'LATEST'];
  // Lists leave out null fields: a score not there yet is undefined.
  const final = counted.finalScore ?? null;
  const score = final === null ? (counted.status === 'GRADED' ? 'not shown yet' : 'being graded') : formatNumber(final);
  const max = counted.maxScore ?? a.tests.reduce((sum, t) => sum + t.points, 0);
  return `Your grade: ${score}${final === null ? '' : ` / ${formatNumber(max)}`} (counts: submission #${counted.number ?? '?'}, ${rule})`;
}

/** Which submission counts and the grade it gives, for a student on the assignment page. */
export function YourGrade({ assignment, mine }: { assignment: Assignment; mine: SubmissionSummary[] }) {
  const line = gradeLine(assignment, mine);
  const rule = assignment.countedSubmission ?? 'LATEST';
  return (
    <div className="your-grade" role="status" aria-live="polite">
      {line && <p className="grade-line">{line}</p>}
      {rule === 'CHOSEN' && <p className="hint">You pick which submission counts (“Count this one”) until the due date; without a pick, your latest counts.</p>}
      {rule === 'BEST' && <p className="hint">Your best graded submission counts.</p>}
    </div>
  );
}
