import { lineDiff, type ExpectedActual } from './diff';

const MARK = { same: ' ', expected: '−', actual: '+' } as const;
const SPOKEN = { same: 'same', expected: 'expected', actual: 'yours' } as const;

/** Expected against actual output, line by line; the marks and words say which is which, not only colour. */
export function DiffView({ pair }: { pair: ExpectedActual }) {
  const lines = lineDiff(pair.expected, pair.actual, pair.firstLine);
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
                <code>{line.text === '' ? '(empty line)' : line.text}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
