// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { HistoryPoint, Telemetry, TelemetryHistory } from '../api/types';
import { counterBy, counterTotal, depthSeries, histogramMeanMillis, nodeSeries, throughputSeries, verdictSeries, waitSeries } from './timeseries';

const point = (atMillis: number, overrides: Partial<HistoryPoint> = {}): HistoryPoint => ({
  atMillis,
  completed: 0,
  verdicts: {},
  waitP50Millis: 0,
  waitP90Millis: 0,
  started: 0,
  waiting: 0,
  running: 0,
  ...overrides,
});

const history: TelemetryHistory = {
  intervalMillis: 10_000,
  points: [
    point(10_000, { completed: 3, verdicts: { ACCEPTED: 2, WRONG_ANSWER: 1 }, started: 4, waitP50Millis: 1500, waitP90Millis: 4000, waiting: 5, running: 2 }),
    point(20_000),
    point(30_000, { completed: 1, verdicts: { ACCEPTED: 1 }, started: 1, waitP50Millis: 200, waitP90Millis: 200 }),
  ],
  nodes: [
    {
      node: 'runner-a',
      address: 'pekko://autograder@10.0.0.5:2552',
      points: [{ atMillis: 10_000, processCpu: 0.1, systemCpu: 0.5, memoryUsedBytes: 1, diskFreeBytes: 2, engineMillis: 12, runningContainers: 1, healthy: true }],
    },
  ],
};

describe('the operator charts, from the scheduler history', () => {
  it('shows the jobs completed in each interval per minute, as measured', () => {
    expect(throughputSeries(history)).toEqual([
      {
        name: 'completed',
        points: [
          { t: 10_000, v: 18 },
          { t: 20_000, v: 0 },
          { t: 30_000, v: 6 },
        ],
      },
    ]);
  });

  it('leaves out the waits of intervals where no job started', () => {
    const [p50, p90] = waitSeries(history);
    expect(p50.points).toEqual([
      { t: 10_000, v: 1.5 },
      { t: 30_000, v: 0.2 },
    ]);
    expect(p90.points.map((p) => p.v)).toEqual([4, 0.2]);
  });

  it('draws a line per verdict, 0 where an interval had none', () => {
    expect(verdictSeries(history)).toEqual([
      { name: 'ACCEPTED', points: [{ t: 10_000, v: 2 }, { t: 20_000, v: 0 }, { t: 30_000, v: 1 }] },
      { name: 'WRONG_ANSWER', points: [{ t: 10_000, v: 1 }, { t: 20_000, v: 0 }, { t: 30_000, v: 0 }] },
    ]);
  });

  it('names the node lines by the node, and the depth by waiting and running', () => {
    expect(nodeSeries(history, (p) => p.engineMillis)).toEqual([{ name: 'runner-a', points: [{ t: 10_000, v: 12 }] }]);
    expect(depthSeries(history).map((s) => s.points[0].v)).toEqual([5, 2]);
  });

  it('sums a counter over the matching series', () => {
    const telemetry: Telemetry = {
      counters: [
        {
          name: 'autograder_jobs_completed_total',
          help: '',
          samples: [
            { labels: { flavour: 'small', verdict: 'ACCEPTED' }, value: 4 },
            { labels: { flavour: 'small', verdict: 'WRONG_ANSWER' }, value: 1 },
            { labels: { flavour: 'large', verdict: 'ACCEPTED' }, value: 7 },
          ],
        },
      ],
      histograms: [],
      nodes: [],
    };
    expect(counterTotal(telemetry, 'autograder_jobs_completed_total', { flavour: 'small' })).toBe(5);
    expect(counterTotal(telemetry, 'autograder_jobs_completed_total', {})).toBe(12);
    expect(counterTotal(telemetry, 'autograder_none_total', {})).toBe(0);
    expect(counterBy(telemetry, 'autograder_jobs_completed_total', 'verdict', { flavour: 'small' })).toEqual([
      ['ACCEPTED', 4],
      ['WRONG_ANSWER', 1],
    ]);
  });

  it('takes a mean job time from the histogram, and none before a job was timed', () => {
    const telemetry: Telemetry = {
      counters: [],
      histograms: [
        {
          name: 'autograder_job_seconds',
          help: '',
          bounds: [1, 10],
          samples: [{ labels: { flavour: 'small' }, buckets: [1, 3], sumSeconds: 7.5, count: 3 }],
        },
      ],
      nodes: [],
    };
    expect(histogramMeanMillis(telemetry, 'autograder_job_seconds', { flavour: 'small' })).toBe(2500);
    expect(histogramMeanMillis(telemetry, 'autograder_job_seconds', { flavour: 'large' })).toBeUndefined();
  });
});
