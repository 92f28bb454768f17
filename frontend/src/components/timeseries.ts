import type { FlavourQueue, QueuesState } from '../api/types';
import type { Series } from './LineChart';

/** The queues at one moment, as the dashboard keeps them. */
export interface QueueSample {
  t: number;
  flavours: FlavourQueue[];
}

/** Appends a sample and forgets those older than the window. */
export function appendSample(history: QueueSample[], queues: QueuesState, t: number, windowMillis: number): QueueSample[] {
  return [...history.filter((s) => s.t >= t - windowMillis), { t, flavours: queues.flavours }];
}

/**
 * Jobs per minute the busy slots finish at: the API gives no completion counter, so throughput is
 * estimated from the slots grading and the recent average job time.
 */
export function throughputPerMinute(f: FlavourQueue): number {
  return f.averageJobMillis > 0 ? (f.busySlots * 60_000) / f.averageJobMillis : 0;
}

/** One line per flavour (or per flavour and label) of a measure over the kept samples. */
export function seriesOf(history: QueueSample[], measures: { label?: string; value: (f: FlavourQueue) => number }[]): Series[] {
  const flavours = [...new Set(history.flatMap((s) => s.flavours.map((f) => f.flavour)))];
  return flavours.flatMap((flavour) =>
    measures.map((m) => ({
      name: m.label ? `${flavour} ${m.label}` : flavour,
      points: history.flatMap((s) => s.flavours.filter((f) => f.flavour === flavour).map((f) => ({ t: s.t, v: m.value(f) }))),
    })),
  );
}
