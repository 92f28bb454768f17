import { vi } from 'vitest';
import type { Assignment, Grade, GradeBook, Submission } from '../api/types';

/** An EventSource the test drives: `emit('status', submission)` delivers one named event. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  onerror: (() => void) | null = null;
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(name: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  emit(name: string, data: unknown): void {
    const event = new MessageEvent(name, { data: JSON.stringify(data) });
    for (const listener of this.listeners.get(name) ?? []) listener(event);
  }

  fail(): void {
    this.onerror?.();
  }

  static install(): void {
    vi.stubGlobal('EventSource', FakeEventSource);
  }

  static last(): FakeEventSource {
    const source = FakeEventSource.instances.at(-1);
    if (!source) throw new Error('no EventSource was opened');
    return source;
  }
}

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: BodyInit | null | undefined;
}

type Handler = (call: Call) => { status?: number; body?: unknown };

/**
 * A tiny fake of /api/v1 for component tests: handlers by "METHOD /path" (path after /api/v1,
 * with its query). Unknown routes answer 404 in the API's error shape. Every call is recorded.
 */
export function fakeApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = url.replace(/^\/api\/v1/, '');
    const call = { method, path, headers: (init.headers ?? {}) as Record<string, string>, body: init.body };
    calls.push(call);
    const handler = routes[`${method} ${path}`];
    const answer = handler ? handler(call) : { status: 404, body: { error: { code: 'not_found', message: `no ${path}` } } };
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  return calls;
}

export function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: 's1',
    assignmentId: 'hello-c',
    student: 'ada',
    status: 'QUEUED',
    receivedAt: '2026-11-23T17:00:00Z',
    gradedAt: null,
    verdict: null,
    score: null,
    maxScore: null,
    late: false,
    daysLate: 0,
    penaltyPercent: 0,
    finalScore: null,
    practice: false,
    files: ['hello.c'],
    attempt: 1,
    queue: null,
    result: null,
    ...overrides,
  };
}

const grade = (finalScore: number): Grade => ({ submissionId: 'x', score: finalScore, maxScore: 10, daysLate: 0, penaltyPercent: 0, finalScore, submissionNumber: 1, counts: 'latest', adjusted: false });

/** Three students, two assignments; ada has no grade for a2. */
export const book: GradeBook = {
  assignments: [
    { id: 'a1', title: 'Hello', maxScore: 10 },
    { id: 'a2', title: 'Stats', maxScore: 10 },
  ],
  students: [
    { username: 'grace', displayName: 'Grace Hopper', grades: { a1: grade(10), a2: grade(4) }, total: 14 },
    { username: 'ada', displayName: 'Ada Lovelace', grades: { a1: grade(7) }, total: 7 },
    { username: 'alan', displayName: 'Alan Turing', grades: { a1: grade(9), a2: grade(9) }, total: 18 },
  ],
};

/** A published IO assignment of course cs101, due far ahead, worth 4 points. */
export function assignment(overrides: Partial<Assignment> = {}): Assignment {
  return {
    id: 'hello-c',
    courseId: 'cs101',
    title: 'Hello, C',
    description: null,
    flavour: 'default',
    format: 'io',
    opensAt: null,
    dueAt: '2099-01-01T00:00:00Z',
    lateUntil: null,
    latePenaltyPercentPerDay: 0,
    submissionLimit: null,
    defaultVisibility: 'VISIBLE',
    published: true,
    gradesPublished: false,
    specVersion: 1,
    maxScore: 4,
    tests: [],
    createdAt: '2026-11-01T00:00:00Z',
    runsLeft: null,
    countedSubmission: 'LATEST',
    ...overrides,
  };
}
