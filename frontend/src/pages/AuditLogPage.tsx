import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, seg } from '../api/client';
import type { Assignment, AuditAction, AuditEntry, AuditPage } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatTime } from '../lib/format';
import { link } from '../lib/router';
import { useResource } from '../lib/useResource';

const ACTIONS: Record<AuditAction, string> = {
  member_enrolled: 'Enrolled',
  member_removed: 'Removed from the roster',
  assignment_created: 'Assignment created',
  assignment_revised: 'Assignment edited',
  assignment_published: 'Assignment published',
  assignment_unpublished: 'Assignment unpublished',
  grades_published: 'Grades published',
  grades_unpublished: 'Grades unpublished',
  extension_granted: 'Extension granted',
  submitted_for_student: 'Submitted for the student',
  regrade_requested: 'Regrade',
  password_reset: 'Password reset',
};

/** What the entry's details say, in words. */
function detailsOf(entry: AuditEntry): string {
  const d = entry.details;
  switch (entry.action) {
    case 'member_enrolled':
      return `as ${String(d.role).toLowerCase()}`;
    case 'extension_granted':
      return `due ${formatTime(String(d.dueAt))}` + (d.lateUntil ? `, late until ${formatTime(String(d.lateUntil))}` : '');
    case 'submitted_for_student':
      return `submission ${String(d.submissionId)} (${String(d.files)})`;
    case 'regrade_requested':
      return `submission ${String(d.submissionId)}` + (d.batchId ? ', with everyone' : '');
    case 'member_removed':
    case 'password_reset':
      return '';
  }
  // The assignment's own actions: created, edited, (un)published.
  return `“${String(d.title)}”, due ${formatTime(String(d.dueAt))}` + (d.specVersion ? `, spec version ${String(d.specVersion)}` : '');
}

interface Filters {
  assignment: string;
  student: string;
}

/** The entries on the page and the filters they answer. */
interface Shown {
  filters: Filters;
  entries: AuditEntry[];
  next?: number;
}

/** What the table holds, so that a screen reader hears the filters' answer: "2 entries on Hello, C for ada". */
function summary({ filters, entries }: Shown, titles: Map<string, string>): string {
  const count = `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`;
  const on = filters.assignment ? ` on ${titles.get(filters.assignment) ?? filters.assignment}` : '';
  const of = filters.student ? ` for ${filters.student.trim().toLowerCase()}` : '';
  return count + on + of;
}

function query(courseId: string, filters: Filters, before?: number): string {
  const params = new URLSearchParams();
  if (filters.assignment) params.set('assignment', filters.assignment);
  if (filters.student) params.set('student', filters.student.trim().toLowerCase());
  if (before !== undefined) params.set('before', String(before));
  const q = params.toString();
  return `/courses/${seg(courseId)}/audit${q ? `?${q}` : ''}`;
}

/** Staff read who did what in the course, newest first, filtered by assignment or student. */
export function AuditLogPage({ courseId }: { courseId: string }) {
  const assignments = useResource<Assignment[]>(`/courses/${seg(courseId)}/assignments`);
  const [draft, setDraft] = useState<Filters>({ assignment: '', student: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [shown, setShown] = useState<Shown>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  // Only the latest request's answer is shown: an earlier one may arrive after it.
  const latest = useRef(0);
  const assignmentId = useId();
  const studentId = useId();

  const load = async (wanted: Filters, before?: number) => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const page = await get<AuditPage>(query(courseId, wanted, before));
      if (request !== latest.current) return;
      setShown((was) => ({ filters: wanted, entries: before === undefined || !was ? page.entries : [...was.entries, ...page.entries], next: page.next }));
      setError(undefined);
    } catch (failure) {
      if (request === latest.current) setError(failure instanceof ApiError ? failure : new ApiError(0, 'client', String(failure)));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  };
  useEffect(() => {
    // A new filter starts again from the newest entry.
    void load(filters);
  }, [courseId, filters]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };
  const titles = new Map((assignments.data ?? []).map((a) => [a.id, a.title]));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a> › <a href={link('courses', courseId)}>{courseId}</a>
      </nav>
      <h1>Audit log</h1>
      <p>Every staff and admin action in the course: who did it, when and what, newest first.</p>
      <form className="toolbar" onSubmit={apply} aria-label="Filter the audit log">
        <label htmlFor={assignmentId}>Assignment</label>
        <select id={assignmentId} value={draft.assignment} onChange={(e) => setDraft({ ...draft, assignment: e.target.value })}>
          <option value="">All assignments</option>
          {(assignments.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}
            </option>
          ))}
        </select>
        <label htmlFor={studentId}>Student</label>
        <input id={studentId} type="search" value={draft.student} placeholder="username" onChange={(e) => setDraft({ ...draft, student: e.target.value })} />
        <button type="submit">Show</button>
      </form>
      <ErrorMessage error={error} />
      <p className="hint" aria-live="polite">
        {shown && summary(shown, titles)}
      </p>
      {shown &&
        (shown.entries.length === 0 ? (
          <p>No actions recorded{shown.filters.assignment || shown.filters.student ? ' for these filters' : ''}.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Audit log, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Assignment</th>
                  <th scope="col">Student</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {shown.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                    </td>
                    <td>{entry.actor}</td>
                    <th scope="row">{ACTIONS[entry.action] ?? entry.action}</th>
                    <td>{entry.assignmentId ? <a href={link('assignments', entry.assignmentId)}>{titles.get(entry.assignmentId) ?? entry.assignmentId}</a> : '—'}</td>
                    <td>{entry.student ?? '—'}</td>
                    <td>{detailsOf(entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {shown?.next !== undefined && (
        <button type="button" disabled={loading} onClick={() => void load(shown.filters, shown.next)}>
          {loading ? 'Loading…' : 'Older entries'}
        </button>
      )}
    </>
  );
}
