import { createContext, useContext } from 'react';
import type { Account, CourseSummary, Role } from '../api/types';

export interface Session {
  account: Account;
  courses: CourseSummary[];
  signOut: () => void;
  /** Reloads the courses (after creating one, say). */
  refresh: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** The viewer's role in a course; a site admin counts as an instructor everywhere. */
export function useCourseRole(courseId: string | undefined): Role | null {
  const { account, courses } = useSession();
  if (account.siteAdmin) return 'INSTRUCTOR';
  return courses.find((c) => c.id === courseId)?.role ?? null;
}

export const isStaff = (role: Role | null) => role === 'INSTRUCTOR' || role === 'TA';
