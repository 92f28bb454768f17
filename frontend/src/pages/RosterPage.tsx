import { useState, type FormEvent } from 'react';
import { del, post, put, seg } from '../api/client';
import type { GeneratedPassword, Role, RosterEntry, RosterImport } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { GeneratedPasswords } from '../components/GeneratedPasswords';
import { link } from '../lib/router';
import { isStaff, useCourseRole, useSession } from '../lib/session';
import { useResource } from '../lib/useResource';

const ROLES: Role[] = ['STUDENT', 'TA', 'INSTRUCTOR'];
const ROLE_NAMES: Record<Role, string> = { STUDENT: 'Student', TA: 'Teaching assistant', INSTRUCTOR: 'Instructor' };

export function RosterPage({ courseId }: { courseId: string }) {
  const role = useCourseRole(courseId);
  const instructor = role === 'INSTRUCTOR';
  const { account } = useSession();
  const roster = useResource<RosterEntry[]>(`/courses/${seg(courseId)}/roster`);
  const [error, setError] = useState<unknown>();
  const [reset, setReset] = useState<GeneratedPassword>();
  // Staff reset their students' passwords; a site admin anyone's (through the accounts API).
  const mayReset = (m: RosterEntry) => account.siteAdmin || (isStaff(role) && m.role === 'STUDENT');
  const resetPassword = (username: string) =>
    act(async () => {
      setReset(undefined);
      const path = account.siteAdmin ? `/accounts/${seg(username)}/password-reset` : `/courses/${seg(courseId)}/roster/${seg(username)}/password-reset`;
      setReset(await post<GeneratedPassword>(path));
    });
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      roster.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const setRole = (username: string, role: Role) => act(() => put(`/courses/${seg(courseId)}/roster/${seg(username)}`, { role }));
  const remove = (username: string) => act(() => del(`/courses/${seg(courseId)}/roster/${seg(username)}`));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a> › <a href={link('courses', courseId)}>{courseId}</a>
      </nav>
      <h1>Roster</h1>
      <ErrorMessage error={roster.error ?? error} />
      {reset && (
        <div role="status">
          <GeneratedPasswords
            passwords={[reset]}
            caption={`New password of ${reset.username}: hand it out now, it is not shown again. Their sessions have ended.`}
            fileName={`${courseId}-${reset.username}-password.csv`}
          />
        </div>
      )}
      {roster.data && (
        <div className="table-scroll">
          <table>
            <caption>{roster.data.length} members</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Password</th>
                {instructor && <th scope="col">Remove</th>}
              </tr>
            </thead>
            <tbody>
              {[...roster.data]
                .sort((a, b) => a.username.localeCompare(b.username))
                .map((m) => (
                  <tr key={m.username}>
                    <th scope="row">{m.username}</th>
                    <td>{m.displayName}</td>
                    <td>
                      {instructor ? (
                        <select aria-label={`Role of ${m.username}`} value={m.role} onChange={(e) => void setRole(m.username, e.target.value as Role)}>
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_NAMES[r]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        ROLE_NAMES[m.role]
                      )}
                    </td>
                    <td>
                      {mayReset(m) && (
                        <button type="button" className="link-button" onClick={() => void resetPassword(m.username)}>
                          Reset password<span className="visually-hidden"> of {m.username}</span>
                        </button>
                      )}
                    </td>
                    {instructor && (
                      <td>
                        <button type="button" className="link-button" onClick={() => void remove(m.username)}>
                          Remove<span className="visually-hidden"> {m.username}</span>
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {instructor && <AddMemberForm onAdd={(username, role) => setRole(username, role)} />}
      {instructor && <RosterImportForm courseId={courseId} onImported={roster.reload} />}
    </>
  );
}

function AddMemberForm({ onAdd }: { onAdd: (username: string, role: Role) => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('STUDENT');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await onAdd(username.trim(), role);
    setUsername('');
  };
  return (
    <section aria-labelledby="add-member-heading">
      <h2 id="add-member-heading">Add a member</h2>
      <p className="hint">The account must exist already; the CSV import below creates accounts.</p>
      <form onSubmit={submit} className="grid-form">
        <div className="field">
          <label htmlFor="member-username">Username</label>
          <input id="member-username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="member-role">Role</label>
          <select id="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Add</button>
      </form>
    </section>
  );
}

function RosterImportForm({ courseId, onImported }: { courseId: string; onImported: () => void }) {
  const [csv, setCsv] = useState('username,display_name,role\n');
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<RosterImport>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await post<RosterImport>(`/courses/${seg(courseId)}/roster/import`, { text: csv, type: 'text/csv' }));
      onImported();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import from CSV</h2>
      <form onSubmit={submit} className="stacked">
        <label htmlFor="roster-file">CSV file</label>
        <input id="roster-file" type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
        <label htmlFor="roster-csv">Or paste it</label>
        <textarea id="roster-csv" rows={8} value={csv} onChange={(e) => setCsv(e.target.value)} aria-describedby="roster-csv-hint" spellCheck={false} />
        <span id="roster-csv-hint" className="hint">
          Header <code>username,display_name,role</code>; role is STUDENT, TA or INSTRUCTOR. Accounts that do not exist are created. A bad line stores
          nothing.
        </span>
        <ErrorMessage error={error} />
        <button type="submit">Import</button>
      </form>
      {result && (
        <div role="status">
          <p>Enrolled {result.enrolled}.</p>
          {result.created.length > 0 && (
            <GeneratedPasswords
              passwords={result.created}
              caption="New accounts: hand out these passwords now, they are not shown again"
              fileName={`${courseId}-new-accounts.csv`}
            />
          )}
        </div>
      )}
    </section>
  );
}
