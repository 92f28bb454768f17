import { changedParts, lineDiff, type ExpectedActual, type Segment } from './diff';

const MARK = { same: ' ', expected: '−', actual: '+' } as const;
const SPOKEN = { same: 'same', expected: 'expected', actual: 'yours' } as const;

/**
 * Expected against actual output: line by line, with the differing part of a changed line marked;
 * or, for a whitespace-tolerant comparison, the first differing token of each side. The marks and
 * words say which is which, not only colour.
 */
export function DiffView({ pair }: { pair: ExpectedActual }) {
  return pair.token === undefined ? <LineDiffView pair={pair} /> : <TokenDiffView pair={pair} token={pair.token} />;
}

function LineDiffView({ pair }: { pair: ExpectedActual }) {
  const lines = lineDiff(pair.expected, pair.actual, pair.firstLine);
  const parts = changedParts(lines);
  return (
    <figure className="diff">
      <figcaption>
        <span className="diff-key diff-expected">− expected</span> <span className="diff-key diff-actual">+ your output</span>
      </figcaption>
      <table>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Side</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={index} className={`diff-${line.kind}`}>
              <td className="diff-number">{line.expectedLine ?? line.actualLine}</td>
              <td className="diff-mark">
                <span aria-hidden="true">{MARK[line.kind]}</span>
                <span className="visually-hidden">{SPOKEN[line.kind]}</span>
              </td>
              <td className="diff-text">
                <code>{line.text === '' ? '(empty line)' : <Segments segments={parts.get(index)} text={line.text} />}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Tokens are compared apart from the spacing between them, so they are shown as tokens, not lines. */
function TokenDiffView({ pair, token }: { pair: ExpectedActual; token: number }) {
  const parts = changedParts([
    { kind: 'expected', text: pair.expected },
    { kind: 'actual', text: pair.actual },
  ]);
  return (
    <figure className="diff diff-tokens">
      <figcaption>
        Token {token} (on line {pair.firstLine}) differs; spacing between tokens is not compared.
      </figcaption>
      <dl>
        <dt className="diff-key diff-expected">− expected</dt>
        <dd>
          <code>
            <Segments segments={parts.get(0)} text={pair.expected} />
          </code>
        </dd>
        <dt className="diff-key diff-actual">+ your output</dt>
        <dd>
          <code>
            <Segments segments={parts.get(1)} text={pair.actual} />
          </code>
        </dd>
      </dl>
    </figure>
  );
}

function Segments({ segments, text }: { segments: Segment[] | undefined; text: string }) {
  if (!segments) return <>{text}</>;
  return (
    <>
      {segments.map((segment, i) =>
        segment.changed ? (
          <mark key={i} className="diff-change">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
