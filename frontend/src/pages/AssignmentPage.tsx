import { useEffect, useRef, useState } from 'react';
import { API, get, patch, post, seg } from '../api/client';
import type { Assignment, Submission, SubmissionSummary } from '../api/types';
import { AssignmentFacts } from '../components/AssignmentFacts';
import { ErrorMessage } from '../components/ErrorMessage';
import { LiveSubmission } from '../components/LiveSubmission';
import { RegradePanel } from '../components/RegradePanel';
import { SetupStatus } from '../components/SetupStatus';
import { SubmissionHistory } from '../components/SubmissionHistory';
import { SubmitForm } from '../components/SubmitForm';
import { TestPreview } from '../components/TestPreview';
import { YourGrade } from '../components/YourGrade';
import { link } from '../lib/router';
import { isStaff, useCourseRole, useSession } from '../lib/session';
import { useResource } from '../lib/useResource';

const HISTORY_POLL_MILLIS = 3000;

export function AssignmentPage({ assignmentId }: { assignmentId: string }) {
  const assignment = useResource<Assignment>(`/assignments/${seg(assignmentId)}`);
  const a = assignment.data;
  return (
    <>
      <ErrorMessage error={assignment.error} />
      {a ? <AssignmentView assignment={a} reload={assignment.reload} /> : !assignment.error && <p>Loading…</p>}
    </>
  );
}

function AssignmentView({ assignment: a, reload }: { assignment: Assignment; reload: () => void }) {
  const role = useCourseRole(a.courseId);
  const staff = isStaff(role);
  const { account } = useSession();
  const [latest, setLatest] = useState<Submission>();
  const [graded, setGraded] = useState<Submission>();
  const [studentFilter, setStudentFilter] = useState('');
  const [latestOnly, setLatestOnly] = useState(false);
  const query = new URLSearchParams();
  if (staff && studentFilter.trim()) query.set('student', studentFilter.trim());
  if (staff && latestOnly) query.set('latest', 'true');
  const search = query.toString();
  const history = useResource<SubmissionSummary[]>(`/assignments/${seg(a.id)}/submissions${search ? '?' + search : ''}`);
  const [picked, setPicked] = useState<string>();
  const [pickError, setPickError] = useState<unknown>();
  const latestListed = latest === undefined || (history.data?.some((s) => s.id === latest.id) ?? false);
  const pickShown = picked === undefined || (history.data?.some((s) => s.id === picked && s.counted) ?? false);
  const pending = !latestListed || !pickShown || (history.data?.some((s) => s.status !== 'GRADED') ?? false);
  useEffect(() => {
    // The list is a read side that follows the submissions a moment later: look again until it has caught up.
    if (!pending) return undefined;
    const timer = setTimeout(history.reload, HISTORY_POLL_MILLIS);
    return () => clearTimeout(timer);
  }, [pending, history.data, history.reload]);
  // After a reload or Back, the viewer's own submission still being graded is followed live again.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || latest || !history.data) return;
    resumed.current = true;
    const running = history.data
      .filter((s) => s.student === account.username && s.status !== 'GRADED')
      .sort((x, y) => y.receivedAt.localeCompare(x.receivedAt))[0];
    if (running) get<Submission>(`/submissions/${seg(running.id)}`).then(setLatest, () => undefined);
  }, [history.data, latest, account.username]);
  // The list is a read side a moment behind: the live result is already known, so show it there too.
  const listed = history.data?.map((s) =>
    graded && s.id === graded.id && s.status !== 'GRADED'
      ? { ...s, status: graded.status, verdict: graded.verdict, score: graded.score, maxScore: graded.maxScore, finalScore: graded.finalScore }
      : s,
  );
  const [publishError, setPublishError] = useState<unknown>();
  const publish = async () => {
    setPublishError(undefined);
    try {
      await patch<Assignment>(`/assignments/${seg(a.id)}`, { published: true });
      reload();
    } catch (failure) {
      setPublishError(failure);
    }
  };
  // A student picks until their own due date (the API says it with their extension); staff pick on the submission list too.
  const canPick = a.countedSubmission === 'CHOSEN' && (staff || new Date(a.dueAt).getTime() > Date.now());
  const choose = async (submissionId: string) => {
    setPickError(undefined);
    try {
      await post(`/submissions/${seg(submissionId)}/choose`);
      setPicked(submissionId);
      history.reload();
    } catch (failure) {
      setPickError(failure);
    }
  };
  const refresh = (done: Submission) => {
    setGraded(done);
    history.reload();
    reload();
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a> › <a href={link('courses', a.courseId)}>{a.courseId}</a>
      </nav>
      <h1>
        {a.title} {staff && !a.published && <span className="badge badge-pending">Draft</span>}
      </h1>
      {staff && (
        <ul className="actions" aria-label="Assignment tools">
          {role === 'INSTRUCTOR' && (
            <li>
              <a className="button" href={link('assignments', a.id, 'edit')}>
                Edit
              </a>
            </li>
          )}
          <li>
            <a className="button" href={link('assignments', a.id, 'extensions')}>
              Extensions
            </a>
          </li>
          {role === 'INSTRUCTOR' && !a.published && (
            <li>
              <button type="button" onClick={() => void publish()}>
                Publish
              </button>
            </li>
          )}
        </ul>
      )}
      <ErrorMessage error={publishError} />
      {a.description && <div className="description">{a.description}</div>}
      <AssignmentFacts assignment={a} student={!staff} />
      <SetupStatus setup={a.setup} staff={staff} reload={reload} />
      {staff && <TestPreview tests={a.tests} />}
      {(a.setup?.status ?? 'READY') === 'READY' && (
        <SubmitForm
          assignmentId={a.id}
          forStudentsOf={staff ? a.courseId : undefined}
          rules={a.fileRules}
          runsLeft={a.runsLeft}
          runsResetAt={a.runsResetAt}
          onSending={() => setLatest(undefined)}
          onSubmitted={(submission) => {
            setLatest(submission);
            history.reload();
            // The runs left went down.
            if (!submission.practice) reload();
          }}
        />
      )}
      {latest && <LiveSubmission key={latest.id} submission={latest} onGraded={refresh} />}
      {staff && <RegradePanel assignmentId={a.id} specVersion={a.specVersion} onFinished={history.reload} />}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{staff ? 'Submissions' : 'Your submissions'}</h2>
        {staff && (
          <div className="toolbar">
            <label htmlFor="student-filter">Student</label>
            <input id="student-filter" type="search" value={studentFilter} onChange={(e) => setStudentFilter(e.target.value)} placeholder="username" />
            <label className="inline">
              <input type="checkbox" checked={latestOnly} onChange={(e) => setLatestOnly(e.target.checked)} /> Latest per student only
            </label>
            <a className="button" href={`${API}/assignments/${seg(a.id)}/submissions.zip`} download>
              Download every student's counted submission (zip)
            </a>
          </div>
        )}
        <ErrorMessage error={history.error} />
        {!staff && listed && <YourGrade assignment={a} mine={listed} />}
        <ErrorMessage error={pickError} />
        {listed && <SubmissionHistory submissions={listed} showStudent={staff} onChoose={canPick ? (id) => void choose(id) : undefined} />}
      </section>
    </>
  );
}
