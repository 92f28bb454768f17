import { useId, useState, type FormEvent } from 'react';
import { ApiError, put, request, seg } from '../api/client';
import type { ScoreAdjustment, Submission } from '../api/types';
import { formatNumber, formatTime } from '../lib/format';
import { ErrorMessage } from './ErrorMessage';

/** What an adjustment does to the score, in words: "+0.5 points" or "score set to 3". */
export function describeAdjustment(a: ScoreAdjustment): string {
  if (a.mode === 'set') return `score set to ${formatNumber(a.points)}`;
  return `${a.points >= 0 ? '+' : '−'}${formatNumber(Math.abs(a.points))} points`;
}

/** Staff's adjustment as the student sees it once grades are published: the change and its comment. */
export function AdjustmentNote({ adjustment }: { adjustment: ScoreAdjustment }) {
  return (
    <section aria-labelledby="adjustment-note-heading" className="adjustment-note">
      <h2 id="adjustment-note-heading">Score adjusted by staff</h2>
      <p>{describeAdjustment(adjustment)}</p>
      {adjustment.comment && <blockquote>{adjustment.comment}</blockquote>}
    </section>
  );
}

/**
 * Staff's form to add points to a graded score (negative to take some off) or set it, with a
 * comment the student reads once grades are published; shows the adjustment in force, with who
 * made it and when, and takes it back.
 */
export function ScoreAdjustmentPanel({ submission, onChanged }: { submission: Submission; onChanged: (s: Submission) => void }) {
  const id = useId();
  const current = submission.adjustment;
  const [mode, setMode] = useState<'add' | 'set'>(current?.mode ?? 'add');
  const [points, setPoints] = useState(current ? String(current.points) : '');
  const [comment, setComment] = useState(current?.comment ?? '');
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const path = `/submissions/${seg(submission.id)}/adjustment`;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setStatus('');
    const value = Number(points);
    if (points.trim() === '' || !Number.isFinite(value)) {
      setError(new ApiError(400, 'invalid_points', 'Enter the points as a number.'));
      return;
    }
    setSaving(true);
    try {
      onChanged(await put<Submission>(path, { mode, points: value, comment }));
      setStatus('Adjustment saved.');
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    setError(undefined);
    setStatus('');
    try {
      onChanged(await request<Submission>('DELETE', path));
      setPoints('');
      setComment('');
      setStatus('Adjustment removed.');
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby={`${id}-heading`} className="adjustment">
      <h2 id={`${id}-heading`}>Adjust score</h2>
      {current ? (
        <p>
          In force: {describeAdjustment(current)}, by <strong>{current.actor}</strong> at {formatTime(current.at)}
          {current.comment && (
            <>
              {' '}
              — “{current.comment}”
            </>
          )}{' '}
          <button type="button" className="link-button" onClick={() => void remove()}>
            Remove adjustment
          </button>
        </p>
      ) : (
        <p>No adjustment. The student sees an adjustment and its comment once the grades are published.</p>
      )}
      <form onSubmit={(e) => void save(e)} className="adjustment-form">
        <div className="field">
          <label htmlFor={`${id}-mode`}>How</label>
          <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as 'add' | 'set')}>
            <option value="add">Add points (negative to take off)</option>
            <option value="set">Set the score</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-points`}>Points</label>
          <input id={`${id}-points`} type="number" step="any" value={points} onChange={(e) => setPoints(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-comment`}>Comment for the student</label>
          <textarea id={`${id}-comment`} value={comment} maxLength={2000} rows={3} onChange={(e) => setComment(e.target.value)} />
        </div>
        <button type="submit" disabled={saving || submission.status !== 'GRADED'}>
          {saving ? 'Saving…' : 'Save adjustment'}
        </button>
      </form>
      <p role="status" aria-live="polite">
        {status}
      </p>
      <ErrorMessage error={error} />
    </section>
  );
}
