import type { Verdict } from '../api/types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** A wait or a run time as a person would say it: "12 s", "about 3 min". */
export function formatDuration(millis: number): string {
  if (millis < 1000) return `${Math.round(millis)} ms`;
  const seconds = Math.round(millis / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min`;
  return `about ${Math.round(minutes / 60)} h`;
}

export function formatScore(score: number | null | undefined, max: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  return max === null || max === undefined ? formatNumber(score) : `${formatNumber(score)} / ${formatNumber(max)}`;
}

/** A size as a person reads it: "900 bytes", "12.5 KiB", "1 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round((bytes / 1024) * 10) / 10)} KiB`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MiB`;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
}

const VERDICT_LABELS: Record<Verdict, string> = {
  ACCEPTED: 'Accepted',
  WRONG_ANSWER: 'Wrong answer',
  COMPILE_ERROR: 'Compile error',
  RUNTIME_ERROR: 'Runtime error',
  TIME_LIMIT: 'Time limit exceeded',
  MEMORY_LIMIT: 'Memory limit exceeded',
  OUTPUT_LIMIT: 'Output limit exceeded',
  INFRA_ERROR: 'Grader error (not counted)',
};

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_LABELS[verdict] ?? verdict;
}

/** An instant as the value of an <input type="datetime-local">, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> as an ISO instant in UTC, or null when empty. */
export function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}
