// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { FlavourQueue } from '../api/types';
import { appendSample, seriesOf, throughputPerMinute } from './timeseries';

const queue = (flavour: string, waiting: number, overrides: Partial<FlavourQueue> = {}): FlavourQueue => ({
  flavour,
  waiting,
  running: 0,
  idleSlots: 0,
  busySlots: 2,
  runnerNodes: 1,
  slots: 2,
  oldestWaitMillis: 0,
  averageJobMillis: 3000,
  capacity: 100,
  waits: { p50: 0, p90: 0, p99: 0, jobs: 0 },
  ...overrides,
});

describe('the dashboard time series', () => {
  it('keeps the samples of the window only', () => {
    let history = appendSample([], { flavours: [queue('small', 1)] }, 0, 10_000);
    history = appendSample(history, { flavours: [queue('small', 2)] }, 6_000, 10_000);
    history = appendSample(history, { flavours: [queue('small', 3)] }, 12_000, 10_000);
    expect(history.map((s) => s.t)).toEqual([6_000, 12_000]);
  });

  it('draws a line per flavour and measure, with flavours that come and go', () => {
    let history = appendSample([], { flavours: [queue('small', 1)] }, 0, 60_000);
    history = appendSample(history, { flavours: [queue('small', 4), queue('large', 2)] }, 3_000, 60_000);
    expect(seriesOf(history, [{ value: (f) => f.waiting }])).toEqual([
      { name: 'small', points: [{ t: 0, v: 1 }, { t: 3_000, v: 4 }] },
      { name: 'large', points: [{ t: 3_000, v: 2 }] },
    ]);
    expect(seriesOf(history, [{ label: 'p50', value: (f) => f.waits.p50 }, { label: 'p90', value: (f) => f.waits.p90 }]).map((s) => s.name)).toEqual([
      'small p50',
      'small p90',
      'large p50',
      'large p90',
    ]);
  });

  it('estimates throughput from busy slots and the average job time', () => {
    expect(throughputPerMinute(queue('small', 0, { busySlots: 2, averageJobMillis: 3000 }))).toBe(40);
    expect(throughputPerMinute(queue('small', 0, { averageJobMillis: 0 }))).toBe(0);
  });
});
