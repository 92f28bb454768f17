import { useEffect, useRef } from 'react';
import type { Submission } from '../api/types';
import { link } from '../lib/router';
import { PracticeBadge } from './PracticeBadge';
import { ProgressBar } from './ProgressBar';
import { progressOf } from './progress';
import { SubmissionResult } from './SubmissionResult';
import { useSubmissionEvents } from './useSubmissionEvents';

/**
 * A submission followed live until graded, then its result. Render it with `key={submission.id}`;
 * `linked` titles it with a link to the submission's own page.
 */
export function LiveSubmission({ submission, onGraded, linked = true }: { submission: Submission; onGraded?: (graded: Submission) => void; linked?: boolean }) {
  const live = useSubmissionEvents(submission);
  const graded = live.status === 'GRADED';
  const gradedAtStart = useRef(graded);
  useEffect(() => {
    // Once, when grading finishes while watching, so the page can refresh what depends on it.
    if (graded && !gradedAtStart.current) onGraded?.(live);
  }, [graded]);
  return (
    <section className="live-submission" aria-labelledby={`live-${live.id}`}>
      <h2 id={`live-${live.id}`}>
        {linked ? (
          <>
            {live.practice ? 'Practice run' : 'Submission'} <a href={link('submissions', live.id)}>{live.id}</a>
          </>
        ) : (
          'Result'
        )}
        {live.practice && <PracticeBadge />}
      </h2>
      <ProgressBar state={progressOf(live)} />
      {graded && live.result && <SubmissionResult result={live.result} />}
      {graded && !live.result && <p>The result is not visible yet.</p>}
    </section>
  );
}
