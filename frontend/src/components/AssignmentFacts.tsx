import type { Assignment } from '../api/types';
import { formatNumber, formatTime } from '../lib/format';

/** Due date (with the viewer's extension), late rules, a student's runs left, and the tests' points. */
export function AssignmentFacts({ assignment: a, student }: { assignment: Assignment; student: boolean }) {
  const penalty = a.latePenaltyPercentPerDay ?? 0;
  const visiblePoints = a.tests.reduce((sum, t) => sum + t.points, 0);
  return (
    <dl className="facts">
      {a.opensAt && (
        <>
          <dt>Opens</dt>
          <dd>{formatTime(a.opensAt)}</dd>
        </>
      )}
      <dt>Due</dt>
      <dd>
        {formatTime(a.dueAt)}
        {a.extended && <span className="badge badge-info">extended for you</span>}
      </dd>
      <dt>Late submissions</dt>
      <dd>
        {a.lateUntil
          ? `accepted until ${formatTime(a.lateUntil)}, ${penalty > 0 ? `minus ${formatNumber(penalty)}% per day late (days rounded up)` : 'without penalty'}`
          : 'not accepted after the due date'}
      </dd>
      {student && (
        <>
          <dt>Runs left</dt>
          <dd>
            {a.runsLeft === null || a.runsLeft === undefined ? 'unlimited' : a.runsLeft}
            {a.runsLeft !== null && a.runsLeft !== undefined && a.submissionLimit && ` of ${a.submissionLimit.count} per ${a.submissionLimit.windowHours} h`}
            {a.runsResetAt && ` (another run from ${formatTime(a.runsResetAt)})`}
          </dd>
        </>
      )}
      {!student && (
        <>
          <dt>Submission limit</dt>
          <dd>{a.submissionLimit ? `${a.submissionLimit.count} per ${a.submissionLimit.windowHours} h` : 'none'}</dd>
        </>
      )}
      <dt>Tests</dt>
      <dd>{describeTests(a.tests.length, visiblePoints, a.hiddenTests ?? 0, a.maxScore)}</dd>
    </dl>
  );
}

/**
 * The tests a viewer sees and what the others are worth: a student is told the points of hidden
 * tests in all (the assignment's points less those shown), never which test holds them.
 */
export function describeTests(shown: number, shownPoints: number, hidden: number, maxScore: number | undefined): string {
  const points = (n: number) => `${formatNumber(n)} ${n === 1 ? 'point' : 'points'}`;
  const tests = (n: number) => `${n} ${n === 1 ? 'test' : 'tests'}`;
  const total = maxScore ?? shownPoints;
  const hiddenPoints = Math.max(0, total - shownPoints);
  if (shown === 0 && hidden === 0) return `${points(total)} in all`;
  if (hidden === 0) return `${tests(shown)} worth ${points(shownPoints)}`;
  const hiddenPart = `${tests(hidden)} hidden${hiddenPoints > 0 ? ` worth ${points(hiddenPoints)}` : ''}`;
  if (shown === 0) return `${hiddenPart}, ${points(total)} in all`;
  return `${tests(shown)} worth ${points(shownPoints)} shown, and ${hiddenPart}: ${points(total)} in all`;
}
