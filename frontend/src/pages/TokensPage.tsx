import { useState, type FormEvent } from 'react';
import { del, post, seg } from '../api/client';
import type { ApiToken, IssuedToken } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { CopyButton } from '../components/GeneratedPasswords';
import { formatTime } from '../lib/format';
import { useResource } from '../lib/useResource';

/** Personal API tokens: for scripts and tools, sent as `Authorization: Bearer`. */
export function TokensPage() {
  const tokens = useResource<ApiToken[]>('/tokens');
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedToken>();
  const [error, setError] = useState<unknown>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setIssued(undefined);
    try {
      setIssued(await post<IssuedToken>('/tokens', { name: name.trim() }));
      setName('');
      tokens.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async (token: ApiToken) => {
    setError(undefined);
    try {
      await del(`/tokens/${seg(token.id)}`);
      if (issued?.id === token.id) setIssued(undefined);
      tokens.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <h1>API tokens</h1>
      <p className="hint">
        A token acts as you from scripts and tools: send it as <code>Authorization: Bearer &lt;token&gt;</code>. It lasts 90 days; changing your password ends
        every token.
      </p>
      <section aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <form onSubmit={create} className="grid-form">
          <div className="field">
            <label htmlFor="token-name">Name</label>
            <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="laptop script" />
          </div>
          <button type="submit">Create token</button>
        </form>
      </section>
      <div role="status">
        {issued && (
          <div className="notice">
            <p>
              Token <strong>{issued.name}</strong> is made. Copy it now: it is not shown again.
            </p>
            <p>
              <code className="secret">{issued.token}</code> <CopyButton text={issued.token} label={`Copy the token ${issued.name}`} />
            </p>
          </div>
        )}
      </div>
      <ErrorMessage error={tokens.error ?? error} />
      {tokens.data && (
        <div className="table-scroll">
          <table>
            <caption>{tokens.data.length === 1 ? '1 token' : `${tokens.data.length} tokens`}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>{formatTime(t.createdAt)}</td>
                  <td>{formatTime(t.expiresAt)}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => void revoke(t)}>
                      Revoke<span className="visually-hidden"> the token {t.name}</span>
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
