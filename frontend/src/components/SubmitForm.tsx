import { useState, type FormEvent } from 'react';
import { post, seg } from '../api/client';
import type { RosterEntry, Submission, FileRules } from '../api/types';
import { formatTime } from '../lib/format';
import { useResource } from '../lib/useResource';
import { ErrorMessage } from './ErrorMessage';
import { FileDrop } from './FileDrop';
import { checkFiles, describeRules } from './fileCheck';

type Intake = 'submissions' | 'practice';

/**
 * Submits the chosen files as multipart, one part per file whose file name is its path; or runs
 * them on the visible tests only, as a practice run that does not count (always the caller's own).
 * Files are checked against the API's `rules` before they are sent. `forStudentsOf`: the course
 * whose students staff may submit for (the API's `student` field). `runsLeft` 0 (a student with no
 * run left until `runsResetAt`) turns Submit off; practice has its own allowance.
 */
export function SubmitForm({
  assignmentId,
  onSubmitted,
  onSending,
  forStudentsOf,
  rules,
  runsLeft,
  runsResetAt,
}: {
  assignmentId: string;
  onSubmitted: (s: Submission) => void;
  /** Called as files are sent, so the page can put away an earlier result. */
  onSending?: () => void;
  forStudentsOf?: string;
  rules?: FileRules;
  runsLeft?: number | null;
  runsResetAt?: string | null;
}) {
  const roster = useResource<RosterEntry[]>(forStudentsOf ? `/courses/${seg(forStudentsOf)}/roster` : null);
  const students = (roster.data ?? []).filter((m) => m.role === 'STUDENT');
  const [student, setStudent] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState<Intake>();
  const check = checkFiles(files, rules);
  const sendable = check.byName.size === 0 && check.overall.length === 0;
  const outOfRuns = runsLeft === 0;
  const choose = (chosen: File[]) => {
    setFiles(chosen);
    // What was said about the earlier choice no longer holds.
    setError(undefined);
  };
  const send = async (intake: Intake) => {
    if (files.length === 0) {
      setError(new Error(intake === 'practice' ? 'Choose at least one file to run.' : 'Choose at least one file to submit.'));
      return;
    }
    if (!sendable) return;
    const form = new FormData();
    if (student && intake === 'submissions') form.append('student', student);
    for (const file of files) form.append('file', file, file.name);
    setSending(intake);
    setError(undefined);
    onSending?.();
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
  const submitBlocked = outOfRuns && student === '';
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
      <FileDrop files={files} onChange={choose} label="Your files" hint={rules && describeRules(rules)} problems={check.byName} wholePage />
      {check.overall.length > 0 && (
        <div className="error" role="alert">
          {check.overall.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      )}
      <ErrorMessage error={error} />
      {submitBlocked && (
        <p className="notice" id="no-runs-note">
          You have used every submission the limit allows for now
          {runsResetAt ? `; the next is possible from ${formatTime(runsResetAt)}` : ''}. Practice runs are still open.
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={sending !== undefined || !sendable || submitBlocked} aria-describedby={submitBlocked ? 'no-runs-note' : undefined}>
          {sending === 'submissions' ? 'Submitting…' : 'Submit'}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={sending !== undefined || student !== '' || !sendable}
          aria-describedby="practice-note"
          onClick={() => void send('practice')}
        >
          {sending === 'practice' ? 'Running…' : 'Run on visible tests'}
        </button>
      </div>
      <p id="practice-note" className="hint">
        A practice run checks your files against the tests you can see. It does not count: no grade, no use of your submissions.
      </p>
    </form>
  );
}
