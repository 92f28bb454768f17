import { useState, type FormEvent } from 'react';
import { post, seg } from '../api/client';
import type { Account, CreatedAccount, GeneratedPassword } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { GeneratedPasswords } from '../components/GeneratedPasswords';
import { useResource } from '../lib/useResource';

/** Every account (site admin): create one with a generated password, reset anyone's. */
export function AccountsPage() {
  const accounts = useResource<Account[]>('/accounts');
  const [generated, setGenerated] = useState<GeneratedPassword>();
  const [error, setError] = useState<unknown>();
  const [filter, setFilter] = useState('');
  const act = async (action: () => Promise<GeneratedPassword | undefined>) => {
    setError(undefined);
    setGenerated(undefined);
    try {
      setGenerated(await action());
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  };
  const reset = (username: string) => act(() => post<GeneratedPassword>(`/accounts/${seg(username)}/password-reset`));
  const shown = (accounts.data ?? []).filter((a) => {
    const f = filter.trim().toLowerCase();
    return !f || a.username.includes(f) || a.displayName.toLowerCase().includes(f);
  });
  return (
    <>
      <h1>Accounts</h1>
      <NewAccountForm
        onCreate={(account) =>
          act(async () => {
            const created = await post<CreatedAccount>('/accounts', account);
            accounts.setData([...(accounts.data ?? []), created]);
            return created.initialPassword ? { username: created.username, initialPassword: created.initialPassword } : undefined;
          })
        }
      />
      <ErrorMessage error={accounts.error ?? error} />
      <div role="status">
        {generated && (
          <GeneratedPasswords
            passwords={[generated]}
            caption={`Password of ${generated.username}: hand it out now, it is not shown again`}
            fileName={`${generated.username}-password.csv`}
          />
        )}
      </div>
      {accounts.data && (
        <section aria-labelledby="accounts-heading">
          <h2 id="accounts-heading">All accounts</h2>
          <div className="toolbar">
            <label htmlFor="account-filter">Find</label>
            <input id="account-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="username or name" />
          </div>
          <div className="table-scroll">
            <table>
              <caption>
                {shown.length} of {accounts.data.length} accounts
              </caption>
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Name</th>
                  <th scope="col">Site admin</th>
                  <th scope="col">Password</th>
                </tr>
              </thead>
              <tbody>
                {[...shown]
                  .sort((a, b) => a.username.localeCompare(b.username))
                  .map((a) => (
                    <tr key={a.username}>
                      <th scope="row">{a.username}</th>
                      <td>{a.displayName}</td>
                      <td>{a.siteAdmin ? 'Yes' : 'No'}</td>
                      <td>
                        <button type="button" className="link-button" onClick={() => void reset(a.username)}>
                          Reset password<span className="visually-hidden"> of {a.username}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

function NewAccountForm({ onCreate }: { onCreate: (account: { username: string; displayName: string; siteAdmin: boolean }) => Promise<boolean> }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [siteAdmin, setSiteAdmin] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!(await onCreate({ username: username.trim().toLowerCase(), displayName: displayName.trim(), siteAdmin }))) return;
    setUsername('');
    setDisplayName('');
    setSiteAdmin(false);
  };
  return (
    <section aria-labelledby="new-account-heading">
      <h2 id="new-account-heading">New account</h2>
      <p className="hint">The password is generated and shown once; its owner chooses their own at first sign-in.</p>
      <form onSubmit={submit} className="grid-form">
        <div className="field">
          <label htmlFor="account-username">Username</label>
          <input id="account-username" required pattern="[a-z0-9][a-z0-9._\-]{0,63}" aria-describedby="account-username-hint" value={username} onChange={(e) => setUsername(e.target.value)} />
          <span id="account-username-hint" className="hint">
            a-z, 0-9, . _ -
          </span>
        </div>
        <div className="field">
          <label htmlFor="account-name">Name</label>
          <input id="account-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <label className="inline">
          <input type="checkbox" checked={siteAdmin} onChange={(e) => setSiteAdmin(e.target.checked)} /> Site admin
        </label>
        <button type="submit">Create account</button>
      </form>
    </section>
  );
}
