import { useState, type FormEvent } from 'react';
import { post, seg } from '../api/client';
import type { Submission } from '../api/types';
import { ErrorMessage } from './ErrorMessage';
import { FileDrop } from './FileDrop';

/** Submits the chosen files as multipart, one part per file whose file name is its path. */
export function SubmitForm({ assignmentId, onSubmitted }: { assignmentId: string; onSubmitted: (s: Submission) => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) {
      setError(new Error('Choose at least one file to submit.'));
      return;
    }
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    setSending(true);
    setError(undefined);
    try {
      onSubmitted(await post<Submission>(`/assignments/${seg(assignmentId)}/submissions`, form));
      setFiles([]);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="submit-form" onSubmit={submit} aria-labelledby="submit-heading">
      <h2 id="submit-heading">Submit</h2>
      <FileDrop files={files} onChange={setFiles} label="Your files" />
      <ErrorMessage error={error} />
      <button type="submit" disabled={sending}>
        {sending ? 'Submitting…' : 'Submit'}
      </button>
    </form>
  );
}
