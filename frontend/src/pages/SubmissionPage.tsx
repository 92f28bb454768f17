import { useState } from 'react';
import { post, seg } from '../api/client';
import type { Assignment, Attempt, Submission } from '../api/types';
import { CodeView } from '../components/CodeView';
import { ErrorMessage } from '../components/ErrorMessage';
import { LiveSubmission } from '../components/LiveSubmission';
import { PracticeBadge } from '../components/PracticeBadge';
import { AdjustmentNote, ScoreAdjustmentPanel } from '../components/ScoreAdjustmentPanel';
import { formatScore, formatTime } from '../lib/format';
import { link } from '../lib/router';
import { isStaff, useCourseRole } from '../lib/session';
import { useResource } from '../lib/useResource';

/** Any one submission in full: facts, files, live progress or the result, log and attempts for staff, and its code. */
export function SubmissionPage({ submissionId }: { submissionId: string }) {
  const submission = useResource<Submission>(`/submissions/${seg(submissionId)}`);
  const s = submission.data;
  const assignment = useResource<Assignment>(s ? `/assignments/${seg(s.assignmentId)}` : null);
  const role = useCourseRole(assignment.data?.courseId);
  const [regradeError, setRegradeError] = useState<unknown>();
  const regrade = async () => {
    setRegradeError(undefined);
    try {
      submission.setData(await post<Submission>(`/submissions/${seg(submissionId)}/regrade`));
    } catch (failure) {
      setRegradeError(failure);
    }
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a>
        {assignment.data && (
          <>
            {' › '}
            <a href={link('courses', assignment.data.courseId)}>{assignment.data.courseId}</a> ›{' '}
            <a href={link('assignments', assignment.data.id)}>{assignment.data.title}</a>
          </>
        )}
      </nav>
      <h1>
        {s?.practice ? 'Practice run' : 'Submission'} {submissionId} {s?.practice && <PracticeBadge />}
      </h1>
      <ErrorMessage error={submission.error} />
      {s && (
        <>
          <dl className="facts">
            <dt>Student</dt>
            <dd>{s.student}</dd>
            <dt>Submitted</dt>
            <dd>{formatTime(s.receivedAt)}</dd>
            <dt>Graded</dt>
            <dd>{formatTime(s.gradedAt)}</dd>
            <dt>Attempt</dt>
            <dd>{s.attempt}</dd>
            <dt>Late</dt>
            <dd>{s.late ? `${s.daysLate} days, −${s.penaltyPercent}%` : 'no'}</dd>
            <dt>Final score</dt>
            <dd>{formatScore(s.finalScore, s.maxScore)}</dd>
            <dt>Files</dt>
            <dd>
              <ul className="plain">
                {s.files.map((path) => (
                  <li key={path}>
                    <code>{path}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          {isStaff(role) && (
            <p>
              <button type="button" onClick={() => void regrade()} disabled={s.status !== 'GRADED'}>
                Regrade this submission
              </button>
            </p>
          )}
          <ErrorMessage error={regradeError} />
          {isStaff(role) && !s.practice && <ScoreAdjustmentPanel submission={s} onChanged={submission.setData} />}
          {!isStaff(role) && s.adjustment && <AdjustmentNote adjustment={s.adjustment} />}
          {s.attempts && s.attempts.length > 0 && <AttemptsTable attempts={s.attempts} />}
          {/* A new key after a regrade follows the new run from its start. */}
          <LiveSubmission key={`${s.id}-${s.attempt}-${s.status === 'GRADED'}`} submission={s} linked={false} onGraded={submission.reload} />
          <CodeView submission={s} />
        </>
      )}
    </>
  );
}

/** Where and when each try ran: more than one means a runner was lost and the job went again. */
function AttemptsTable({ attempts }: { attempts: Attempt[] }) {
  return (
    <div className="table-scroll">
      <table>
        <caption>Attempts</caption>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Runner</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">How</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.attempt}>
              <td>{a.attempt}</td>
              <td>
                <code>{a.runnerId}</code>
              </td>
              <td>{formatTime(a.startedAt)}</td>
              <td>{a.endedAt ? formatTime(a.endedAt) : "running"}</td>
              <td>
                {a.ending ?? ""}
                {a.reason ? `: ${a.reason}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
