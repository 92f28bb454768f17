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
      <dd>
        {a.tests.length} {a.tests.length === 1 ? 'test' : 'tests'} worth {formatNumber(visiblePoints)} points
        {a.hiddenTests ? `, and ${a.hiddenTests} hidden` : ''}
      </dd>
    </dl>
  );
}
