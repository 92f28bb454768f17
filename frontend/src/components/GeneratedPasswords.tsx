import { useState } from 'react';
import type { GeneratedPassword } from '../api/types';

/** Copies the text to the clipboard and says so (politely, to screen readers too). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // Clipboard access needs a secure context and the user's permission: the text is still on screen.
      setCopied(false);
    }
  };
  return (
    <>
      <button type="button" className="link-button" onClick={() => void copy()} aria-label={label}>
        Copy
      </button>
      <span className="hint" aria-live="polite">
        {copied === true && ' Copied'}
        {copied === false && ' Select and copy it by hand'}
      </span>
    </>
  );
}

/** The CSV a roster import or a reset hands out: `username,password` with a header line. */
export function passwordsCsv(passwords: GeneratedPassword[]): string {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return ['username,password', ...passwords.map((p) => `${quote(p.username)},${quote(p.initialPassword)}`)].join('\n') + '\n';
}

/** Generated passwords, shown this once: each with a copy button, all of them as a CSV download. */
export function GeneratedPasswords({ passwords, caption, fileName }: { passwords: GeneratedPassword[]; caption: string; fileName: string }) {
  const href = 'data:text/csv;charset=utf-8,' + encodeURIComponent(passwordsCsv(passwords));
  return (
    <div className="generated-passwords">
      <div className="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Initial password</th>
              <th scope="col">Copy</th>
            </tr>
          </thead>
          <tbody>
            {passwords.map((p) => (
              <tr key={p.username}>
                <th scope="row">{p.username}</th>
                <td>
                  <code>{p.initialPassword}</code>
                </td>
                <td>
                  <CopyButton text={p.initialPassword} label={`Copy the password of ${p.username}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <a className="button" href={href} download={fileName}>
        Download as CSV
      </a>
      <p className="hint">Each account must choose its own password when it first signs in with this one.</p>
    </div>
  );
}
