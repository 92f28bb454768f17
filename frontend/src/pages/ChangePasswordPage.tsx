import { useState, type FormEvent } from 'react';
import { put } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';

const MIN_LENGTH = 10;

/**
 * The account's own password. `forced`: the password was generated (an import or a reset), and the
 * API allows nothing else until it is changed.
 */
export function ChangePasswordPage({ forced, onChanged }: { forced?: boolean; onChanged?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== again) {
      setError(new Error('The new password and its repetition differ.'));
      return;
    }
    if (next.length < MIN_LENGTH) {
      setError(new Error(`The new password needs at least ${MIN_LENGTH} characters.`));
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      await put('/me/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
      onChanged?.();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <h1>{forced ? 'Choose your own password' : 'Change password'}</h1>
      {forced ? (
        <p>
          You signed in with a password that was made for you. Choose your own before you go on; the one you were given then stops working.
        </p>
      ) : (
        <p className="hint">Changing it signs you out everywhere else and ends your API tokens.</p>
      )}
      <form onSubmit={submit} className="stacked narrow-form">
        <label htmlFor="current-password">{forced ? 'The password you were given' : 'Current password'}</label>
        <input id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_LENGTH}
          maxLength={200}
          aria-describedby="new-password-hint"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <span id="new-password-hint" className="hint">
          {MIN_LENGTH} to 200 characters.
        </span>
        <label htmlFor="repeat-password">New password again</label>
        <input id="repeat-password" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
        <ErrorMessage error={error} />
        <button type="submit" disabled={sending}>
          {sending ? 'Changing…' : 'Change password'}
        </button>
      </form>
      <div role="status">{done && <p>Your password is changed.</p>}</div>
    </>
  );
}
