import type { Verdict } from '../api/types';
import { verdictLabel } from '../lib/format';

export function VerdictBadge({ verdict }: { verdict: Verdict | null | undefined }) {
  if (!verdict) return <span className="badge badge-pending">Not graded</span>;
  return <span className={`badge badge-${verdict.toLowerCase().replace('_', '-')}`}>{verdictLabel(verdict)}</span>;
}
