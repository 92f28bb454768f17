import type { SubmissionSummary } from '../api/types';
import { formatScore, formatTime } from '../lib/format';
import { link } from '../lib/router';
import { PracticeBadge } from './PracticeBadge';
import { VerdictBadge } from './VerdictBadge';

/** Submissions, newest first; the student column only when they are not all the viewer's own. */
export function SubmissionHistory({ submissions, showStudent }: { submissions: SubmissionSummary[]; showStudent: boolean }) {
  if (submissions.length === 0) return <p>No submissions yet.</p>;
  const newestFirst = [...submissions].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return (
    <div className="table-scroll">
      <table className="submissions">
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            {showStudent && <th scope="col">Student</th>}
            <th scope="col">Verdict</th>
            <th scope="col">Score</th>
            <th scope="col">Late</th>
            <th scope="col">Final</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((s) => (
            <tr key={s.id}>
              <td>
                <a href={link('submissions', s.id)}>{formatTime(s.receivedAt)}</a> {s.practice && <PracticeBadge />}
              </td>
              {showStudent && <td>{s.student}</td>}
              <td>{s.status === 'GRADED' ? <VerdictBadge verdict={s.verdict} /> : <span className="badge badge-pending">{s.status === 'RUNNING' ? 'Running' : 'Queued'}</span>}</td>
              <td>{formatScore(s.score, s.maxScore)}</td>
              <td>{s.late ? `${s.daysLate} d, −${s.penaltyPercent}%` : 'no'}</td>
              <td>{s.practice ? '—' : formatScore(s.finalScore, null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
