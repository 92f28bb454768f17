import { useEffect, useState } from 'react';

// Hash routes (#/...), so the server only ever serves index.html at `/`.
export type Route =
  | { page: 'courses' }
  | { page: 'course'; courseId: string }
  | { page: 'roster'; courseId: string }
  | { page: 'gradebook'; courseId: string }
  | { page: 'audit'; courseId: string }
  | { page: 'new-assignment'; courseId: string }
  | { page: 'assignment'; assignmentId: string }
  | { page: 'edit-assignment'; assignmentId: string }
  | { page: 'extensions'; assignmentId: string }
  | { page: 'password' }
  | { page: 'tokens' }
  | { page: 'accounts' }
  | { page: 'submission'; submissionId: string }
  | { page: 'cluster' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, id, sub, extra] = parts;
  if (parts.length === 0) return { page: 'courses' };
  if (first === 'cluster' && parts.length === 1) return { page: 'cluster' };
  if (first === 'accounts' && parts.length === 1) return { page: 'accounts' };
  if (first === 'account' && id === 'password' && parts.length === 2) return { page: 'password' };
  if (first === 'account' && id === 'tokens' && parts.length === 2) return { page: 'tokens' };
  if (first === 'courses' && id) {
    if (parts.length === 2) return { page: 'course', courseId: id };
    if (sub === 'roster' && parts.length === 3) return { page: 'roster', courseId: id };
    if (sub === 'gradebook' && parts.length === 3) return { page: 'gradebook', courseId: id };
    if (sub === 'audit' && parts.length === 3) return { page: 'audit', courseId: id };
    if (sub === 'assignments' && extra === 'new' && parts.length === 4) return { page: 'new-assignment', courseId: id };
  }
  if (first === 'assignments' && id) {
    if (parts.length === 2) return { page: 'assignment', assignmentId: id };
    if (sub === 'edit' && parts.length === 3) return { page: 'edit-assignment', assignmentId: id };
    if (sub === 'extensions' && parts.length === 3) return { page: 'extensions', assignmentId: id };
  }
  if (first === 'submissions' && id && parts.length === 2) return { page: 'submission', submissionId: id };
  return { page: 'not-found', path };
}

/** The href of an app page: `link('courses', id, 'roster')` is `#/courses/<id>/roster`. */
export function link(...parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
