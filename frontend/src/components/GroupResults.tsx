import type { GroupResult } from '../api/types';
import { formatScore } from '../lib/format';
import { VerdictBadge } from './VerdictBadge';

/** A scoring problem's test groups (subtasks), each with its verdict and score. */
export function GroupResults({ groups }: { groups: GroupResult[] }) {
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="groups-heading">
      <h3 id="groups-heading">Test groups</h3>
      <table className="group-results">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Verdict</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.path}>
              <td>{group.path}</td>
              <td>
                <VerdictBadge verdict={group.verdict} />
              </td>
              <td>{formatScore(group.score, group.maxScore)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
