import type { ProgressState } from './progress';

/** A labelled bar whose text is announced politely as grading moves on. */
export function ProgressBar({ state, label = 'Grading progress' }: { state: ProgressState; label?: string }) {
  return (
    <div className={`progress progress-${state.stage}`}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={state.percent}
        aria-valuetext={state.label}
      >
        <div className="progress-fill" style={{ width: `${state.percent}%` }} />
      </div>
      <p className="progress-label" aria-live="polite">
        {state.label}
        {state.detail && <span className="progress-detail"> {state.detail}</span>}
      </p>
    </div>
  );
}
