import { useEffect, useState } from 'react';
import { get, post, seg } from '../api/client';
import type { RegradeBatch } from '../api/types';
import { ErrorMessage } from './ErrorMessage';
import { ProgressBar } from './ProgressBar';

const POLL_MILLIS = 1000;

/** Where the editor leaves word that it saved new tests, for this tab: see {@link noteSpecChanged}. */
const specChangedKey = (assignmentId: string) => `autograder.specChanged.${assignmentId}`;

/** Called by the editor after it saved a new spec, so the assignment's page offers a regrade. */
export function noteSpecChanged(assignmentId: string, specVersion: number): void {
  sessionStorage.setItem(specChangedKey(assignmentId), String(specVersion));
}

/**
 * Regrades each student's latest submission (and the one that counts, when another) once staff
 * confirm, and follows the batch until each one is done. Right after the tests changed, it says so
 * and offers the regrade.
 */
export function RegradePanel({ assignmentId, specVersion, onFinished }: { assignmentId: string; specVersion: number; onFinished: () => void }) {
  const [batch, setBatch] = useState<RegradeBatch>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [specChanged, setSpecChanged] = useState(() => sessionStorage.getItem(specChangedKey(assignmentId)) === String(specVersion));
  const running = batch !== undefined && batch.done < batch.total;
  useEffect(() => {
    if (!batch || !running) return undefined;
    const timer = setTimeout(() => {
      get<RegradeBatch>(`/regrades/${seg(batch.id)}`).then(setBatch, setError);
    }, POLL_MILLIS);
    return () => clearTimeout(timer);
  }, [batch, running]);
  useEffect(() => {
    if (batch && !running) onFinished();
  }, [batch?.id, running]);
  const forgetSpecChange = () => {
    sessionStorage.removeItem(specChangedKey(assignmentId));
    setSpecChanged(false);
  };
  const start = async () => {
    setConfirming(false);
    setError(undefined);
    try {
      setBatch(await post<RegradeBatch>(`/assignments/${seg(assignmentId)}/regrades`));
      forgetSpecChange();
    } catch (failure) {
      setError(failure);
    }
  };
  const percent = batch ? (batch.total === 0 ? 100 : Math.round((100 * batch.done) / batch.total)) : 0;
  return (
    <section aria-labelledby="regrade-heading" className="regrade">
      <h2 id="regrade-heading">Regrade</h2>
      {specChanged && !batch && (
        <div className="notice" role="status">
          <p>
            You changed the tests (now version {specVersion}). Submissions graded before keep the scores of the old tests until they are regraded.
          </p>
          <button type="button" className="link-button" onClick={forgetSpecChange}>
            Not now
          </button>
        </div>
      )}
      <p>Grades each student's latest submission again with the current tests, and the one that counts when it is another. Staff's own submissions and practice runs are left out.</p>
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm the regrade">
          <p>Regrade every student's submissions with version {specVersion} of the tests? Scores may go up or down, and students see the new results.</p>
          <button type="button" onClick={() => void start()}>
            Regrade all now
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} disabled={running}>
          {running ? 'Regrading…' : 'Regrade all'}
        </button>
      )}
      <ErrorMessage error={error} />
      {batch && (
        <ProgressBar
          label="Regrade progress"
          state={{
            stage: running ? 'testing' : 'done',
            percent,
            label: running
              ? `Regraded ${batch.done} of ${batch.total}`
              : batch.total === 0
                ? 'No submissions to regrade yet.'
                : `Regrade finished: ${batch.done} of ${batch.total} submissions`,
          }}
        />
      )}
    </section>
  );
}
