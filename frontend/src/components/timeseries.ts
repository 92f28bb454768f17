import type { NodePoint, Telemetry, TelemetryHistory } from '../api/types';
import type { Series } from './LineChart';

/** Jobs completed per minute, from the jobs the scheduler recorded in each interval. */
export function throughputSeries(history: TelemetryHistory): Series[] {
  const perMinute = 60_000 / history.intervalMillis;
  return [{ name: 'completed', points: history.points.map((p) => ({ t: p.atMillis, v: p.completed * perMinute })) }];
}

/** The waits of the jobs started in each interval, in seconds; intervals where none started are left out. */
export function waitSeries(history: TelemetryHistory): Series[] {
  const started = history.points.filter((p) => p.started > 0);
  return [
    { name: 'p50', points: started.map((p) => ({ t: p.atMillis, v: p.waitP50Millis / 1000 })) },
    { name: 'p90', points: started.map((p) => ({ t: p.atMillis, v: p.waitP90Millis / 1000 })) },
  ];
}

export function depthSeries(history: TelemetryHistory): Series[] {
  return [
    { name: 'waiting', points: history.points.map((p) => ({ t: p.atMillis, v: p.waiting })) },
    { name: 'running', points: history.points.map((p) => ({ t: p.atMillis, v: p.running })) },
  ];
}

/** One line per verdict seen in the history: jobs of that verdict per interval. */
export function verdictSeries(history: TelemetryHistory): Series[] {
  const verdicts = [...new Set(history.points.flatMap((p) => Object.keys(p.verdicts)))].sort();
  return verdicts.map((verdict) => ({ name: verdict, points: history.points.map((p) => ({ t: p.atMillis, v: p.verdicts[verdict] ?? 0 })) }));
}

/** One line per runner node of a measure of its health. */
export function nodeSeries(history: TelemetryHistory, value: (p: NodePoint) => number): Series[] {
  return history.nodes.map((n) => ({ name: n.node, points: n.points.map((p) => ({ t: p.atMillis, v: value(p) })) }));
}

/** A counter's value summed over the series whose labels match, as /metrics has it. */
export function counterTotal(telemetry: Telemetry, name: string, labels: Record<string, string>): number {
  const counter = telemetry.counters.find((c) => c.name === name);
  if (!counter) return 0;
  return counter.samples
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** The counter's series by one of its labels (for example completed jobs by verdict), with their values. */
export function counterBy(telemetry: Telemetry, name: string, label: string, within: Record<string, string>): [string, number][] {
  const counter = telemetry.counters.find((c) => c.name === name);
  if (!counter) return [];
  const totals = new Map<string, number>();
  for (const s of counter.samples) {
    if (Object.entries(within).every(([k, v]) => s.labels[k] === v)) {
      totals.set(s.labels[label], (totals.get(s.labels[label]) ?? 0) + s.value);
    }
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** A histogram's mean in milliseconds over the series whose labels match, or undefined with no observation. */
export function histogramMeanMillis(telemetry: Telemetry, name: string, labels: Record<string, string>): number | undefined {
  const histogram = telemetry.histograms.find((h) => h.name === name);
  const samples = (histogram?.samples ?? []).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const count = samples.reduce((sum, s) => sum + s.count, 0);
  return count === 0 ? undefined : (samples.reduce((sum, s) => sum + s.sumSeconds, 0) * 1000) / count;
}
