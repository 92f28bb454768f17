import { useEffect, useState } from 'react';
import { API, get, seg } from '../api/client';
import type { Submission } from '../api/types';

const POLL_MILLIS = 2000;

/**
 * Follows a submission live: the SSE stream's `status` events, then its `done` event. If the stream
 * fails before `done` (a proxy that buffers, a dropped connection), polling takes over. Give the
 * caller's component a `key` of the submission id so that another submission starts afresh.
 */
export function useSubmissionEvents(initial: Submission): Submission {
  const [submission, setSubmission] = useState(initial);
  const { id } = initial;
  const graded = initial.status === 'GRADED';
  useEffect(() => {
    if (graded) return undefined;
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource(`${API}/submissions/${seg(id)}/events`);
    const accept = (event: MessageEvent<string>) => setSubmission(JSON.parse(event.data) as Submission);
    source.addEventListener('status', accept as EventListener);
    source.addEventListener('done', ((event: MessageEvent<string>) => {
      finished = true;
      source.close();
      accept(event);
    }) as EventListener);
    const poll = () => {
      get<Submission>(`/submissions/${seg(id)}`).then(
        (answer) => {
          if (finished) return;
          setSubmission(answer);
          if (answer.status === 'GRADED') finished = true;
          else timer = setTimeout(poll, POLL_MILLIS);
        },
        () => {
          if (!finished) timer = setTimeout(poll, POLL_MILLIS);
        },
      );
    };
    source.onerror = () => {
      if (finished) return;
      source.close();
      poll();
    };
    return () => {
      finished = true;
      source.close();
      clearTimeout(timer);
    };
  }, [id, graded]);
  return submission;
}
