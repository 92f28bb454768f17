import { useEffect, useState } from 'react';
import { get, post, seg } from '../api/client';
import type { RegradeBatch } from '../api/types';
import { ErrorMessage } from './ErrorMessage';
import { ProgressBar } from './ProgressBar';

const POLL_MILLIS = 1000;

/** Regrades every student's latest submission and follows the batch until each one is done. */
export function RegradePanel({ assignmentId, onFinished }: { assignmentId: string; onFinished: () => void }) {
  const [batch, setBatch] = useState<RegradeBatch>();
  const [error, setError] = useState<unknown>();
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
  const start = async () => {
    setError(undefined);
    try {
      setBatch(await post<RegradeBatch>(`/assignments/${seg(assignmentId)}/regrades`));
    } catch (failure) {
      setError(failure);
    }
  };
  const percent = batch ? (batch.total === 0 ? 100 : Math.round((100 * batch.done) / batch.total)) : 0;
  return (
    <section aria-labelledby="regrade-heading" className="regrade">
      <h2 id="regrade-heading">Regrade</h2>
      <p>Grades every student's latest submission again with the current tests.</p>
      <button type="button" onClick={() => void start()} disabled={running}>
        {running ? 'Regrading…' : 'Regrade all'}
      </button>
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
