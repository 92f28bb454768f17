import { useState, type FormEvent } from 'react';
import { post } from '../api/client';
import type { SessionAnswer } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';

export function SignInPage({ onSignedIn }: { onSignedIn: (answer: SessionAnswer) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      onSignedIn(await post<SessionAnswer>('/session', { username: username.trim(), password }));
    } catch (failure) {
      setError(failure);
      setSending(false);
    }
  };
  return (
    <main id="main" className="narrow">
      <h1>Sign in to Autograder</h1>
      <form onSubmit={submit} className="stacked">
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit" disabled={sending}>
          {sending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
