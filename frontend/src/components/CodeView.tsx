import { useState } from 'react';
import { API, seg } from '../api/client';
import type { SubmissionFile, SubmissionFiles, SubmissionSummary } from '../api/types';
import { formatTime } from '../lib/format';
import { useResource } from '../lib/useResource';
import { lineDiff } from './diff';
import { ErrorMessage } from './ErrorMessage';
import { highlightLines, languageOf, type Language, type Token } from './highlight';

/** Beyond this many line pairs the diff's table (lines × lines) is not worth a browser's memory. */
const MAX_DIFF_CELLS = 4_000_000;

type Shown = Pick<SubmissionSummary, 'id' | 'assignmentId' | 'student' | 'receivedAt'>;

/** The submission the same student made of the same assignment just before this one, if any. */
export function previousOf(history: SubmissionSummary[], current: Shown): SubmissionSummary | undefined {
  const at = Date.parse(current.receivedAt);
  return history
    .filter((s) => s.id !== current.id && Date.parse(s.receivedAt) < at)
    .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt))[0];
}

const fileUrl = (submissionId: string, path: string) => `/submissions/${seg(submissionId)}/file?path=${encodeURIComponent(path)}`;

/**
 * A submission's files: pick one, read it with line numbers and light highlighting, or its
 * changes since the student's previous submission; download the whole submission as a zip.
 */
export function CodeView({ submission }: { submission: Shown }) {
  const files = useResource<SubmissionFiles>(`/submissions/${seg(submission.id)}/files`);
  const history = useResource<SubmissionSummary[]>(
    `/assignments/${seg(submission.assignmentId)}/submissions?student=${encodeURIComponent(submission.student)}`,
  );
  const [picked, setPicked] = useState<string>();
  const [changes, setChanges] = useState(false);
  const path = picked ?? files.data?.files[0]?.path;
  const file = useResource<SubmissionFile>(path ? fileUrl(submission.id, path) : null);
  const previous = history.data ? previousOf(history.data, submission) : undefined;
  const before = useResource<SubmissionFile>(changes && previous && path ? fileUrl(previous.id, path) : null);

  return (
    <section aria-labelledby="code-heading" className="code-view">
      <h2 id="code-heading">Code</h2>
      <p>
        <a className="button" href={`${API}/submissions/${seg(submission.id)}/archive.zip`} download>
          Download as zip
        </a>
      </p>
      <ErrorMessage error={files.error} />
      {files.data && (
        <ul className="file-tabs" aria-label="Files">
          {files.data.files.map((f) => (
            <li key={f.path}>
              <button type="button" aria-pressed={f.path === path} onClick={() => setPicked(f.path)}>
                {f.path}
              </button>
            </li>
          ))}
        </ul>
      )}
      {previous && (
        <label className="inline">
          <input type="checkbox" checked={changes} onChange={(e) => setChanges(e.target.checked)} /> Changes since the previous
          submission ({formatTime(previous.receivedAt)})
        </label>
      )}
      <ErrorMessage error={file.error} />
      {file.data && path === file.data.path && (
        <figure className="code">
          <figcaption>
            <code>{file.data.path}</code>
          </figcaption>
          {file.data.binary ? (
            <p>binary, {file.data.size} bytes</p>
          ) : changes && previous ? (
            <Changes
              before={!before.loading && before.data?.path === path ? before.data : undefined}
              missingBefore={!before.loading && before.error?.status === 404}
              after={file.data}
            />
          ) : (
            <CodeLines text={file.data.content ?? ''} language={languageOf(file.data.path)} />
          )}
        </figure>
      )}
    </section>
  );
}

function Tokens({ tokens }: { tokens: Token[] }) {
  return (
    <code>
      {tokens.map((t, i) => (
        <span key={i} className={t.kind === 'plain' ? undefined : `tok-${t.kind}`}>
          {t.text}
        </span>
      ))}
    </code>
  );
}

/** The file's lines, numbered. */
function CodeLines({ text, language }: { text: string; language: Language }) {
  return (
    <div className="table-scroll">
      <table className="code-lines">
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Code</th>
          </tr>
        </thead>
        <tbody>
          {highlightLines(text, language).map((tokens, index) => (
            <tr key={index}>
              <td className="line-number">{index + 1}</td>
              <td className="code-text">
                <Tokens tokens={tokens} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const MARK = { same: ' ', expected: '−', actual: '+' } as const;
const SPOKEN = { same: 'unchanged', expected: 'removed', actual: 'added' } as const;

/** The line diff of the file against the previous submission's; a file new in this one is all added. */
function Changes({ before, missingBefore, after }: { before?: SubmissionFile; missingBefore: boolean; after: SubmissionFile }) {
  if (!before && !missingBefore) return <p className="loading">Loading the previous submission…</p>;
  if (before?.binary) return <p>The previous submission's file is binary, {before.size} bytes.</p>;
  const old = before?.content ?? '';
  const now = after.content ?? '';
  if (old.split('\n').length * now.split('\n').length > MAX_DIFF_CELLS) {
    return <p>The files are too long to compare here; download both submissions to compare them.</p>;
  }
  const language = languageOf(after.path);
  const lines = lineDiff(old, now);
  return (
    <div className="table-scroll diff">
      <p className="diff-legend">
        {missingBefore ? 'A new file: the previous submission did not have it. ' : ''}
        <span className="diff-key diff-expected">− previous submission</span> <span className="diff-key diff-actual">+ this submission</span>
      </p>
      <table className="code-lines">
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Change</th>
            <th scope="col">Code</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={index} className={`diff-${line.kind}`}>
              <td className="line-number">{line.actualLine ?? line.expectedLine}</td>
              <td className="diff-mark">
                <span aria-hidden="true">{MARK[line.kind]}</span>
                <span className="visually-hidden">{SPOKEN[line.kind]}</span>
              </td>
              <td className="code-text">
                <Tokens tokens={highlightLines(line.text, language)[0] ?? []} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
