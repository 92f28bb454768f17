import { useEffect } from 'react';
import type { AssignmentSetup } from '../api/types';

const POLL_MILLIS = 3000;

/**
 * Where the check of the assignment's setup stands: pending (looked at again every few seconds),
 * failed with its log, or, for staff, ready with the time limit it measured and its warnings.
 */
export function SetupStatus({ setup, staff, reload }: { setup?: AssignmentSetup; staff: boolean; reload: () => void }) {
  const pending = setup?.status === 'PENDING';
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setTimeout(reload, POLL_MILLIS);
    return () => clearTimeout(timer);
  }, [pending, setup, reload]);
  if (!setup) return null;
  if (setup.status === 'PENDING') {
    return (
      <p className="notice" role="status">
        <span className="badge badge-pending">Setup pending</span>{' '}
        {staff
          ? 'The grading setup is being checked on a runner; students can submit once it is ready.'
          : 'Submissions open once the grading setup has been checked.'}
      </p>
    );
  }
  if (setup.status === 'FAILED') {
    return (
      <section className="error" aria-labelledby="setup-heading">
        <h2 id="setup-heading">Setup failed</h2>
        {staff ? (
          <>
            <p>Students cannot submit until a working setup is uploaded. The check's log:</p>
            <pre className="output">{setup.log}</pre>
          </>
        ) : (
          <p>The grading setup does not work yet; submissions open once the instructor fixes it.</p>
        )}
      </section>
    );
  }
  if (!staff || setup.log === undefined) return null;
  return (
    <details className="setup-report">
      <summary>
        Setup ready
        {setup.timeLimitMillis ? ` · time limit ${setup.timeLimitMillis} ms` : ''}
        {setup.warnings?.length ? ` · ${setup.warnings.length} warning${setup.warnings.length > 1 ? 's' : ''}` : ''}
      </summary>
      {setup.warnings && setup.warnings.length > 0 && (
        <ul>
          {setup.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <pre className="output">{setup.log}</pre>
    </details>
  );
}
