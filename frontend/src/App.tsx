import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, del, get, setCsrfToken, setUnauthenticatedHandler } from './api/client';
import type { Me, SessionAnswer } from './api/types';
import { ErrorMessage } from './components/ErrorMessage';
import { link, useRoute, type Route } from './lib/router';
import { SessionContext, useSession } from './lib/session';
import { AccountsPage } from './pages/AccountsPage';
import { AssignmentEditorPage } from './pages/AssignmentEditorPage';
import { AssignmentPage } from './pages/AssignmentPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { ClusterPage } from './pages/ClusterPage';
import { CoursePage } from './pages/CoursePage';
import { CoursesPage } from './pages/CoursesPage';
import { ExtensionsPage } from './pages/ExtensionsPage';
import { GradeBookPage } from './pages/GradeBookPage';
import { RosterPage } from './pages/RosterPage';
import { SignInPage } from './pages/SignInPage';
import { SubmissionPage } from './pages/SubmissionPage';
import { TokensPage } from './pages/TokensPage';

type State = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'failed'; error: unknown } | { kind: 'signed-in'; me: Me };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      const session = await get<SessionAnswer>('/session');
      setCsrfToken(session.csrfToken);
      setState({ kind: 'signed-in', me: await get<Me>('/me') });
    } catch (error) {
      setState(error instanceof ApiError && error.status === 401 ? { kind: 'signed-out' } : { kind: 'failed', error });
    }
  }, []);
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState({ kind: 'signed-out' });
    });
    void load();
  }, [load]);
  const signOut = useCallback(async () => {
    try {
      await del('/session');
    } finally {
      setCsrfToken(null);
      setState({ kind: 'signed-out' });
    }
  }, []);

  switch (state.kind) {
    case 'loading':
      return <p className="loading">Loading…</p>;
    case 'failed':
      return (
        <main className="narrow">
          <h1>Autograder</h1>
          <ErrorMessage error={state.error} />
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </main>
      );
    case 'signed-out':
      return (
        <SignInPage
          onSignedIn={(answer) => {
            setCsrfToken(answer.csrfToken);
            void load();
          }}
        />
      );
    case 'signed-in':
      if (state.me.mustChangePassword) {
        // The API refuses everything else until a generated password is replaced.
        return (
          <main id="main" className="narrow">
            <ChangePasswordPage forced onChanged={() => void load()} />
            <button type="button" className="link-button" onClick={() => void signOut()}>
              Sign out
            </button>
          </main>
        );
      }
      return (
        <SessionContext.Provider value={{ account: state.me.account, courses: state.me.courses, signOut: () => void signOut(), refresh: () => void load() }}>
          <Layout />
        </SessionContext.Provider>
      );
  }
}

function Layout() {
  const session = useSession();
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Moving focus to the new page tells screen reader users that the page changed.
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [route]);
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href={link()}>
          Autograder
        </a>
        <nav aria-label="Main">
          <ul>
            <li>
              <a href={link()}>Courses</a>
            </li>
            {session.account.siteAdmin && (
              <li>
                <a href={link('cluster')}>Cluster</a>
              </li>
            )}
            {session.account.siteAdmin && (
              <li>
                <a href={link('accounts')}>Accounts</a>
              </li>
            )}
          </ul>
        </nav>
        <div className="account">
          <span>{session.account.displayName}</span>
          <a href={link('account', 'password')}>Password</a>
          <a href={link('account', 'tokens')}>API tokens</a>
          <button type="button" className="link-button" onClick={session.signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'courses':
      return <CoursesPage />;
    case 'course':
      return <CoursePage key={route.courseId} courseId={route.courseId} />;
    case 'roster':
      return <RosterPage key={route.courseId} courseId={route.courseId} />;
    case 'gradebook':
      return <GradeBookPage key={route.courseId} courseId={route.courseId} />;
    case 'audit':
      return <AuditLogPage key={route.courseId} courseId={route.courseId} />;
    case 'new-assignment':
      return <AssignmentEditorPage key={'new-' + route.courseId} courseId={route.courseId} />;
    case 'assignment':
      return <AssignmentPage key={route.assignmentId} assignmentId={route.assignmentId} />;
    case 'edit-assignment':
      return <AssignmentEditorPage key={'edit-' + route.assignmentId} assignmentId={route.assignmentId} />;
    case 'submission':
      return <SubmissionPage key={route.submissionId} submissionId={route.submissionId} />;
    case 'extensions':
      return <ExtensionsPage key={'extensions-' + route.assignmentId} assignmentId={route.assignmentId} />;
    case 'password':
      return <ChangePasswordPage />;
    case 'tokens':
      return <TokensPage />;
    case 'accounts':
      return <AccountsPage />;
    case 'cluster':
      return <ClusterPage />;
    case 'not-found':
      return (
        <>
          <h1>Page not found</h1>
          <p>
            There is no page at <code>{route.path}</code>. <a href={link()}>Go to your courses</a>.
          </p>
        </>
      );
  }
}
