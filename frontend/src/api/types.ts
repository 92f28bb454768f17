// The shapes of docs/api.md (HTTP API v1). Times are ISO-8601 instants, ids are strings.

export type Role = 'INSTRUCTOR' | 'TA' | 'STUDENT';

export type Verdict =
  | 'ACCEPTED'
  | 'WRONG_ANSWER'
  | 'COMPILE_ERROR'
  | 'RUNTIME_ERROR'
  | 'TIME_LIMIT'
  | 'MEMORY_LIMIT'
  | 'OUTPUT_LIMIT'
  | 'INFRA_ERROR';

export type Visibility = 'VISIBLE' | 'HIDDEN' | 'AFTER_DUE_DATE' | 'AFTER_PUBLISHED';

export interface Account {
  username: string;
  displayName: string;
  siteAdmin: boolean;
}

export interface SessionAnswer {
  account: Account;
  csrfToken: string;
  /** The password was generated: nothing but changing it is allowed yet. */
  mustChangePassword: boolean;
}

export interface CourseSummary {
  id: string;
  code: string;
  title: string;
  term: string;
  /** Absent for a site admin who is not on the course's roster. */
  role?: Role | null;
}

/** A course as GET /courses/{c} answers it. */
export interface Course {
  id: string;
  code: string;
  title: string;
  term: string;
}

export interface Me {
  account: Account;
  courses: CourseSummary[];
  mustChangePassword: boolean;
}

export interface RosterEntry {
  username: string;
  displayName: string;
  role: Role;
}

/** A password the platform generated, shown once; its owner must change it at first sign-in. */
export interface GeneratedPassword {
  username: string;
  initialPassword: string;
}

export interface RosterImport {
  enrolled: number;
  created: GeneratedPassword[];
}

/** An account a site admin created; `initialPassword` only when it was generated. */
export interface CreatedAccount extends Account {
  initialPassword?: string;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface IssuedToken extends ApiToken {
  token: string;
}

export interface Extension {
  username: string;
  dueAt: string;
  lateUntil: string | null;
}

export interface SubmissionLimit {
  count: number;
  windowHours: number;
}

export interface TestInfo {
  name: string;
  points: number;
  visibility: Visibility;
}

export type SpecFormat = 'io' | 'script' | 'problem';

export interface Assignment {
  id: string;
  courseId: string;
  title: string;
  description: string | null;
  flavour: string;
  format: SpecFormat;
  opensAt: string | null;
  dueAt: string;
  lateUntil: string | null;
  latePenaltyPercentPerDay: number | null;
  submissionLimit: SubmissionLimit | null;
  defaultVisibility: Visibility | null;
  published: boolean;
  gradesPublished: boolean;
  specVersion: number;
  /** The points of every test, hidden ones included. */
  maxScore: number;
  tests: TestInfo[];
  createdAt: string;
  /** Staff only. */
  spec?: unknown;
  /** Students only: hidden tests are counted, not listed. */
  hiddenTests?: number;
  extended?: boolean;
  /** Students only; null or absent when unlimited. */
  runsLeft?: number | null;
  runsResetAt?: string | null;
  /** The check of the spec's setup at upload; students get only its status. */
  setup?: AssignmentSetup;
  /** Which submission is the student's grade. */
  countedSubmission?: CountedSubmission;
  /** What one submission may hold, so that files are checked before they are sent. */
  fileRules?: FileRules;
}

export interface FileRules {
  maxFiles: number;
  maxBytes: number;
  /** A regular expression that each segment of a file's path must match whole. */
  pathSegmentPattern: string;
}

export type CountedSubmission = 'LATEST' | 'BEST' | 'CHOSEN';

/** Staff's change to a graded score; a student sees it once grades are published. */
export interface ScoreAdjustment {
  mode: 'add' | 'set';
  points: number;
  comment: string;
  actor: string;
  at: string;
}

export type SetupStatus = 'PENDING' | 'READY' | 'FAILED';

export interface JudgeSolutionRun {
  path: string;
  verdict: Verdict | null;
  slowestMillis: number;
  asExpected: boolean;
  note: string;
}

export interface AssignmentSetup {
  status: SetupStatus;
  specVersion?: number;
  at?: string;
  log?: string;
  timeLimitMillis?: number;
  warnings?: string[];
  solutions?: JudgeSolutionRun[];
}

export interface NewAssignment {
  id?: string;
  title: string;
  description?: string;
  flavour: string;
  spec?: unknown;
  opensAt?: string | null;
  dueAt: string;
  lateUntil?: string | null;
  latePenaltyPercentPerDay?: number;
  submissionLimit?: SubmissionLimit | null;
  defaultVisibility?: Visibility;
  published?: boolean;
  gradesPublished?: boolean;
  countedSubmission?: CountedSubmission;
}

export type SubmissionStatus = 'QUEUED' | 'RUNNING' | 'GRADED';

export interface SubmissionSummary {
  id: string;
  assignmentId: string;
  student: string;
  status: SubmissionStatus;
  receivedAt: string;
  gradedAt: string | null;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  late: boolean;
  daysLate: number;
  penaltyPercent: number;
  finalScore: number | null;
  /** A practice run: graded on the visible tests only, counted nowhere. */
  practice: boolean;
  /** Lists only: 1 for the student's first submission. */
  number?: number;
  /** Lists only: true on the one that is the student's grade. */
  counted?: boolean;
  adjustment?: ScoreAdjustment;
}

export type Phase = 'STARTING' | 'COMPILING' | 'TESTING' | 'RUNNING_AUTOGRADER';

export interface QueuePlace {
  state: 'WAITING' | 'RUNNING';
  ahead: number;
  /** -1 when no runner serves the flavour. */
  estimatedWaitMillis: number;
  runners: number;
  progress: { phase: Phase; test: number; tests: number } | null;
}

export interface TestVerdict {
  name: string;
  number?: string | null;
  verdict: Verdict;
  score: number;
  maxScore: number;
  wallMillis: number | null;
  cpuMillis: number | null;
  peakMemoryKib: number | null;
  exitCode: number | null;
  signal: number | null;
  visibility: Visibility;
  feedback: string;
  tags?: string[];
}

/** A scoring problem package's test group (a subtask) with its score. */
export interface GroupResult {
  /** The group's directory below data/, e.g. "secret/group1". */
  path: string;
  verdict: Verdict;
  score: number;
  maxScore: number;
}

export interface GradingResult {
  verdict: Verdict;
  score: number;
  maxScore: number;
  compileOutput: string | null;
  tests: TestVerdict[];
  hiddenTests?: number;
  output?: string | null;
  log?: string | null;
  leaderboard?: unknown;
  groups?: GroupResult[];
}

/** One try at grading a submission: a runner that lost its lease leaves one behind. */
export interface Attempt {
  attempt: number;
  runnerId: string;
  startedAt: string;
  /** Absent while the attempt runs. */
  endedAt?: string;
  ending?: "GRADED" | "SANDBOX_FAILED" | "RUNNER_LOST" | "LEASE_EXPIRED";
  /** The verdict, the runner's failure message, or what the scheduler saw of the runner. */
  reason?: string;
}

export interface Submission extends SubmissionSummary {
  /** The submitted files' paths. */
  files: string[];
  attempt: number;
  queue: QueuePlace | null;
  result: GradingResult | null;
  /** Staff only. */
  attempts?: Attempt[];
  /** When it was last picked as the one that counts. */
  chosenAt?: string;
}

export interface RegradeBatch {
  id: string;
  assignmentId: string;
  total: number;
  done: number;
  pending: number;
  submissions: string[];
  createdAt: string;
}

/** A student's submission that counts for an assignment; scores are null while it is being graded. */
export interface Grade {
  submissionId: string;
  score: number | null;
  maxScore: number;
  daysLate: number;
  penaltyPercent: number;
  finalScore: number | null;
  submissionNumber: number;
  counts: 'latest' | 'best' | 'chosen';
  adjusted: boolean;
}

export interface GradeBook {
  assignments: { id: string; title: string; maxScore: number }[];
  students: { username: string; displayName: string; grades: Record<string, Grade>; total: number }[];
}

export interface ClusterMember {
  address: string;
  roles: string[];
  status: string;
  reachable: boolean;
}

export interface ClusterState {
  members: ClusterMember[];
}

export interface FlavourQueue {
  flavour: string;
  waiting: number;
  running: number;
  idleSlots: number;
  busySlots: number;
  runnerNodes: number;
  slots: number;
  oldestWaitMillis: number;
  averageJobMillis: number;
  capacity: number;
  /** Waits from queued to started of the last 1,000 started jobs, in milliseconds; all 0 when jobs is 0. */
  waits: { p50: number; p90: number; p99: number; jobs: number };
}

export interface QueuesState {
  flavours: FlavourQueue[];
}

/** What a runner node measured of itself, with the limits it is held to. */
export interface NodeHealth {
  node: string;
  address: string;
  flavour: string;
  slots: number;
  processCpu: number;
  systemCpu: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  diskFreeBytes: number;
  /** -1 when the engine did not answer. */
  engineMillis: number;
  runningContainers: number;
  maxEngineMillis: number;
  minDiskFreeBytes: number;
  measuredAtMillis: number;
}

/** The scheduler's counters since it started, and each runner node's latest health. */
export interface Telemetry {
  counters: { name: string; help: string; samples: { labels: Record<string, string>; value: number }[] }[];
  histograms: { name: string; help: string; bounds: number[]; samples: { labels: Record<string, string>; buckets: number[]; sumSeconds: number; count: number }[] }[];
  nodes: { health: NodeHealth; healthy: boolean; problem: string | null; ageMillis: number }[];
}

export interface HistoryPoint {
  atMillis: number;
  completed: number;
  verdicts: Record<string, number>;
  waitP50Millis: number;
  waitP90Millis: number;
  started: number;
  waiting: number;
  running: number;
}

export interface NodePoint {
  atMillis: number;
  processCpu: number;
  systemCpu: number;
  memoryUsedBytes: number;
  diskFreeBytes: number;
  engineMillis: number;
  runningContainers: number;
  healthy: boolean;
}

/** The scheduler's recent history, one point per interval, oldest first. */
export interface TelemetryHistory {
  intervalMillis: number;
  points: HistoryPoint[];
  nodes: { node: string; address: string; points: NodePoint[] }[];
}

/** GET /submissions/{id}/files: a submission's files, in path order. */
export interface SubmissionFiles {
  submissionId: string;
  assignmentId: string;
  student: string;
  files: { path: string; size: number; binary: boolean }[];
}

/** GET /submissions/{id}/file?path=: one file's text; a binary file has only its size. */
export interface SubmissionFile {
  submissionId: string;
  path: string;
  size: number;
  binary: boolean;
  content?: string;
}

export type AuditAction =
  | 'member_enrolled'
  | 'member_removed'
  | 'assignment_created'
  | 'assignment_revised'
  | 'assignment_published'
  | 'assignment_unpublished'
  | 'grades_published'
  | 'grades_unpublished'
  | 'extension_granted'
  | 'submitted_for_student'
  | 'regrade_requested'
  | 'password_reset';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  assignmentId?: string;
  student?: string;
  details: Record<string, string | number | boolean>;
}

export interface AuditPage {
  entries: AuditEntry[];
  next?: number;
}
