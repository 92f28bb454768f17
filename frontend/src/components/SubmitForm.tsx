import { useState, type FormEvent } from 'react';
import { post, seg } from '../api/client';
import type { RosterEntry, Submission } from '../api/types';
import { useResource } from '../lib/useResource';
import { ErrorMessage } from './ErrorMessage';
import { FileDrop } from './FileDrop';

type Intake = 'submissions' | 'practice';

/**
 * Submits the chosen files as multipart, one part per file whose file name is its path; or runs
 * them on the visible tests only, as a practice run that does not count (always the caller's own).
 * `forStudentsOf`: the course whose students staff may submit for (the API's `student` field).
 */
export function SubmitForm({
  assignmentId,
  onSubmitted,
  forStudentsOf,
}: {
  assignmentId: string;
  onSubmitted: (s: Submission) => void;
  forStudentsOf?: string;
}) {
  const roster = useResource<RosterEntry[]>(forStudentsOf ? `/courses/${seg(forStudentsOf)}/roster` : null);
  const students = (roster.data ?? []).filter((m) => m.role === 'STUDENT');
  const [student, setStudent] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState<Intake>();
  const send = async (intake: Intake) => {
    if (files.length === 0) {
      setError(new Error(intake === 'practice' ? 'Choose at least one file to run.' : 'Choose at least one file to submit.'));
      return;
    }
    const form = new FormData();
    if (student && intake === 'submissions') form.append('student', student);
    for (const file of files) form.append('file', file, file.name);
    setSending(intake);
    setError(undefined);
    try {
      onSubmitted(await post<Submission>(`/assignments/${seg(assignmentId)}/${intake}`, form));
      // The files stay chosen after practice: the next step is usually to submit them.
      if (intake === 'submissions') setFiles([]);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(undefined);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send('submissions');
  };
  return (
    <form className="submit-form" onSubmit={submit} aria-labelledby="submit-heading">
      <h2 id="submit-heading">Submit</h2>
      {forStudentsOf && (
        <div className="field">
          <label htmlFor="submit-for">Submit for</label>
          <select id="submit-for" value={student} onChange={(e) => setStudent(e.target.value)} aria-describedby="submit-for-hint">
            <option value="">Myself</option>
            {students.map((m) => (
              <option key={m.username} value={m.username}>
                {m.displayName} ({m.username})
              </option>
            ))}
          </select>
          <span id="submit-for-hint" className="hint">
            A submission for a student counts as theirs and is in the audit log.
          </span>
        </div>
      )}
      <FileDrop files={files} onChange={setFiles} label="Your files" />
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={sending !== undefined}>
          {sending === 'submissions' ? 'Submitting…' : 'Submit'}
        </button>
        <button type="button" className="secondary" disabled={sending !== undefined || student !== ''} aria-describedby="practice-note"
          onClick={() => void send('practice')}>
          {sending === 'practice' ? 'Running…' : 'Run on visible tests'}
        </button>
      </div>
      <p id="practice-note" className="hint">
        A practice run checks your files against the tests you can see. It does not count: no grade, no use of your submissions.
      </p>
    </form>
  );
}
