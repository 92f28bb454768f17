import type { TestInfo } from '../api/types';

const VISIBILITY = { VISIBLE: 'visible', HIDDEN: 'hidden', AFTER_DUE_DATE: 'after the due date', AFTER_PUBLISHED: 'when grades are published' } as const;

/** The tests of an assignment as students will meet them: name, points, when they see it. */
export function TestPreview({ tests, caption = 'Tests' }: { tests: TestInfo[]; caption?: string }) {
  if (tests.length === 0) return <p>No tests.</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Test</th>
            <th scope="col" className="number">Points</th>
            <th scope="col">Students see it</th>
          </tr>
        </thead>
        <tbody>
          {tests.map((t, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>{t.name}</td>
              <td className="number">{t.points}</td>
              <td>{VISIBILITY[t.visibility] ?? t.visibility}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
