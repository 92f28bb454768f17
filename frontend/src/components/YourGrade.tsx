import type { Assignment, SubmissionSummary } from '../api/types';
import { seg } from '../api/client';
import { formatNumber } from '../lib/format';
import { useResource } from '../lib/useResource';

const RULE_WORDS = { LATEST: 'latest', BEST: 'best', CHOSEN: 'chosen' } as const;

/**
 * The student's grade for the assignment and which submission gives it: "2 / 2 (counts: submission
 * #1, best)"; null before they submitted or while the list does not say which counts.
 */
export function gradeSummary(a: Assignment, mine: SubmissionSummary[]): string | null {
  const counted = mine.find((s) => s.counted);
  if (!counted) return null;
  const rule = RULE_WORDS[a.countedSubmission ?? 'LATEST'];
  // Lists leave out null fields: a score not there yet is undefined.
  const final = counted.finalScore ?? null;
  const score = final === null ? (counted.status === 'GRADED' ? 'not shown yet' : 'being graded') : formatNumber(final);
  const max = counted.maxScore ?? a.maxScore;
  return `${score}${final === null ? '' : ` / ${formatNumber(max)}`} (counts: submission #${counted.number ?? '?'}, ${rule})`;
}

/** The same in a sentence: "Your grade: 2 / 2 (counts: submission #1, best)". */
export function gradeLine(a: Assignment, mine: SubmissionSummary[]): string | null {
  const summary = gradeSummary(a, mine);
  return summary && `Your grade: ${summary}`;
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

/** A student's grade for one assignment, for the course page's list: it reads their submissions. */
export function YourGradeCell({ assignment }: { assignment: Assignment }) {
  const mine = useResource<SubmissionSummary[]>(`/assignments/${seg(assignment.id)}/submissions`);
  if (mine.error) return <span className="hint">not available</span>;
  if (!mine.data) return <span className="hint">…</span>;
  return <>{gradeSummary(assignment, mine.data) ?? 'no submission yet'}</>;
}
