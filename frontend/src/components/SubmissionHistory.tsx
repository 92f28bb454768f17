import type { SubmissionSummary } from '../api/types';
import { formatScore, formatTime } from '../lib/format';
import { link } from '../lib/router';
import { PracticeBadge } from './PracticeBadge';
import { VerdictBadge } from './VerdictBadge';

/**
 * Submissions, newest first, each with its number and a mark on the one that counts; the student
 * column only when they are not all the viewer's own. With {@code onChoose}, each other one has a
 * "Count this one" button.
 */
export function SubmissionHistory({
  submissions,
  showStudent,
  onChoose,
}: {
  submissions: SubmissionSummary[];
  showStudent: boolean;
  onChoose?: (submissionId: string) => void;
}) {
  if (submissions.length === 0) return <p>No submissions yet.</p>;
  const newestFirst = [...submissions].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return (
    <div className="table-scroll">
      <table className="submissions">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Submitted</th>
            {showStudent && <th scope="col">Student</th>}
            <th scope="col">Verdict</th>
            <th scope="col">Score</th>
            <th scope="col">Late</th>
            <th scope="col">Final</th>
            <th scope="col">Counts</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((s) => (
            <tr key={s.id}>
              <td>{s.number ?? ''}</td>
              <td>
                <a href={link('submissions', s.id)}>{formatTime(s.receivedAt)}</a> {s.practice && <PracticeBadge />}
              </td>
              {showStudent && <td>{s.student}</td>}
              <td>{s.status === 'GRADED' ? <VerdictBadge verdict={s.verdict} /> : <span className="badge badge-pending">{s.status === 'RUNNING' ? 'Running' : 'Queued'}</span>}</td>
              <td>{formatScore(s.score, s.maxScore)}</td>
              <td>{s.late ? `${s.daysLate} d, −${s.penaltyPercent}%` : 'no'}</td>
              <td>
                {s.practice ? '—' : formatScore(s.finalScore, null)}
                {s.adjustment && <span className="hint"> (adjusted)</span>}
              </td>
              <td>
                {s.counted ? (
                  <span className="badge badge-info">counts</span>
                ) : (
                  onChoose &&
                  !s.practice && (
                    <button type="button" onClick={() => onChoose(s.id)} aria-label={`Count this one: submission #${s.number ?? ''}`}>
                      Count this one
                    </button>
                  )
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
