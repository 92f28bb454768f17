import { useState, type FormEvent } from 'react';
import { put, seg } from '../api/client';
import type { Assignment, Extension, RosterEntry } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatTime, fromLocalInput, toLocalInput } from '../lib/format';
import { link } from '../lib/router';
import { useResource } from '../lib/useResource';

/** A staff page: each student's extension of an assignment, granted or changed here. */
export function ExtensionsPage({ assignmentId }: { assignmentId: string }) {
  const assignment = useResource<Assignment>(`/assignments/${seg(assignmentId)}`);
  const extensions = useResource<Extension[]>(`/assignments/${seg(assignmentId)}/extensions`);
  const courseId = assignment.data?.courseId;
  const roster = useResource<RosterEntry[]>(courseId ? `/courses/${seg(courseId)}/roster` : null);
  const [editing, setEditing] = useState<Extension>();
  const [saved, setSaved] = useState<Extension>();
  const names = new Map((roster.data ?? []).map((m) => [m.username, m.displayName]));
  const students = (roster.data ?? []).filter((m) => m.role === 'STUDENT');
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a> › {courseId && <a href={link('courses', courseId)}>{courseId}</a>} ›{' '}
        <a href={link('assignments', assignmentId)}>{assignment.data?.title ?? assignmentId}</a>
      </nav>
      <h1>Extensions</h1>
      <ErrorMessage error={assignment.error ?? extensions.error ?? roster.error} />
      {assignment.data && (
        <p>
          Due for everyone else: {formatTime(assignment.data.dueAt)}
          {assignment.data.lateUntil && <>, late submissions until {formatTime(assignment.data.lateUntil)}</>}.
        </p>
      )}
      {assignment.data && (
        <ExtensionForm
          key={editing?.username ?? 'new'}
          assignment={assignment.data}
          students={students}
          initial={editing}
          onSaved={(extension) => {
            setSaved(extension);
            setEditing(undefined);
            extensions.setData([...(extensions.data ?? []).filter((e) => e.username !== extension.username), extension]);
          }}
        />
      )}
      <div role="status">{saved && <p>Extension for {saved.username} saved: due {formatTime(saved.dueAt)}.</p>}</div>
      {extensions.data && (
        <div className="table-scroll">
          <table>
            <caption>{extensions.data.length === 1 ? '1 extension' : `${extensions.data.length} extensions`}</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Name</th>
                <th scope="col">Due</th>
                <th scope="col">Late until</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {[...extensions.data]
                .sort((a, b) => a.username.localeCompare(b.username))
                .map((e) => (
                  <tr key={e.username}>
                    <th scope="row">{e.username}</th>
                    <td>{names.get(e.username) ?? ''}</td>
                    <td>{formatTime(e.dueAt)}</td>
                    <td>{formatTime(e.lateUntil)}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setEditing(e)}>
                        Change<span className="visually-hidden"> the extension of {e.username}</span>
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function ExtensionForm({
  assignment,
  students,
  initial,
  onSaved,
}: {
  assignment: Assignment;
  students: RosterEntry[];
  initial: Extension | undefined;
  onSaved: (extension: Extension) => void;
}) {
  const [username, setUsername] = useState(initial?.username ?? '');
  const [dueAt, setDueAt] = useState(toLocalInput(initial?.dueAt ?? assignment.dueAt));
  const [lateUntil, setLateUntil] = useState(toLocalInput(initial?.lateUntil ?? assignment.lateUntil));
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      onSaved(await put<Extension>(`/assignments/${seg(assignment.id)}/extensions/${seg(username)}`, { dueAt: fromLocalInput(dueAt), lateUntil: fromLocalInput(lateUntil) }));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="extension-heading">
      <h2 id="extension-heading">{initial ? `Change the extension of ${initial.username}` : 'Grant an extension'}</h2>
      <form onSubmit={submit} className="grid-form">
        <div className="field">
          <label htmlFor="extension-student">Student</label>
          <select id="extension-student" required value={username} disabled={initial !== undefined} onChange={(e) => setUsername(e.target.value)}>
            <option value="">Choose a student</option>
            {students.map((s) => (
              <option key={s.username} value={s.username}>
                {s.displayName} ({s.username})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="extension-due">Due</label>
          <input id="extension-due" type="datetime-local" required value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="extension-late">Late until (optional)</label>
          <input id="extension-late" type="datetime-local" value={lateUntil} onChange={(e) => setLateUntil(e.target.value)} />
        </div>
        <ErrorMessage error={error} />
        <button type="submit">{initial ? 'Save' : 'Grant'}</button>
      </form>
    </section>
  );
}
