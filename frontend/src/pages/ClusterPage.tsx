import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { ClusterState, QueuesState, Telemetry, TelemetryHistory } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { LineChart } from '../components/LineChart';
import { counterBy, counterTotal, depthSeries, histogramMeanMillis, nodeSeries, throughputSeries, verdictSeries, waitSeries } from '../components/timeseries';
import { formatDuration } from '../lib/format';

const POLL_MILLIS = 3000;
/** The scheduler closes a history point every 10 s by default: asking more often gains nothing. */
const HISTORY_POLL_MILLIS = 10_000;
const MIN_WINDOW_MILLIS = 10 * 60_000;

const COMPLETED = 'autograder_jobs_completed_total';
const RECEIVED = 'autograder_submissions_received_total';
const INFRA_ERRORS = 'autograder_infra_errors_total';
const JOB_TIME = 'autograder_job_seconds';

/**
 * The operator's view: members, runner nodes with their health, queues per flavour, the jobs
 * counted since the scheduler started, and charts of the scheduler's own history (kept by the
 * scheduler, so they show what happened before the page opened).
 */
export function ClusterPage() {
  const [cluster, setCluster] = useState<ClusterState>();
  const [queues, setQueues] = useState<QueuesState>();
  const [telemetry, setTelemetry] = useState<Telemetry>();
  const [history, setHistory] = useState<TelemetryHistory>();
  const [error, setError] = useState<unknown>();
  const [updated, setUpdated] = useState<number>(Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let current = true;
    let historyAt = 0;
    const poll = async () => {
      try {
        const now = Date.now();
        const wantHistory = now - historyAt >= HISTORY_POLL_MILLIS;
        const [c, q, t, h] = await Promise.all([
          get<ClusterState>('/cluster'),
          get<QueuesState>('/queues'),
          get<Telemetry>('/telemetry'),
          wantHistory ? get<TelemetryHistory>('/telemetry/history') : Promise.resolve(undefined),
        ]);
        if (!current) return;
        setCluster(c);
        setQueues(q);
        setTelemetry(t);
        if (h) {
          setHistory(h);
          historyAt = now;
        }
        setUpdated(now);
        setError(undefined);
      } catch (failure) {
        if (current) setError(failure);
      }
      if (current) timer = setTimeout(() => void poll(), POLL_MILLIS);
    };
    void poll();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, []);
  const nodeByAddress = new Map((telemetry?.nodes ?? []).map((n) => [n.health.address, n]));
  const first = history?.points[0]?.atMillis;
  const windowMillis = Math.max(MIN_WINDOW_MILLIS, first === undefined ? 0 : updated - first + (history?.intervalMillis ?? 0));
  return (
    <>
      <h1>Cluster</h1>
      <p className="hint">
        Updated every {POLL_MILLIS / 1000} s; last at {new Date(updated).toLocaleTimeString()}.
      </p>
      <ErrorMessage error={error} />
      {cluster && (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Nodes</h2>
          <div className="table-scroll">
            <table className="members">
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reachable</th>
                </tr>
              </thead>
              <tbody>
                {cluster.members.map((m) => (
                  <tr key={m.address}>
                    <th scope="row">
                      {nodeByAddress.get(m.address) && <span className="node-name">{nodeByAddress.get(m.address)?.health.node} </span>}
                      <code>{m.address}</code>
                    </th>
                    <td>{m.roles.filter((r) => !r.startsWith('dc-')).join(', ')}</td>
                    <td>{m.status}</td>
                    <td>{m.reachable ? <span className="badge badge-accepted">reachable</span> : <span className="badge badge-wrong-answer">unreachable</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {telemetry && (
        <section aria-labelledby="health-heading">
          <h2 id="health-heading">Runner nodes</h2>
          <p className="hint">
            Each runner node reports its own measures. A node whose Docker engine answers slower than its limit, or with less free disk than its minimum, is
            unhealthy: its slots get no new jobs until it recovers.
          </p>
          {telemetry.nodes.length === 0 && <p>No runner node has reported its health.</p>}
          <div className="table-scroll">
            <table className="node-health" aria-labelledby="health-heading">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Flavour</th>
                  <th scope="col" className="number">Slots</th>
                  <th scope="col">Health</th>
                  <th scope="col" className="number">CPU (node / machine)</th>
                  <th scope="col" className="number">Memory</th>
                  <th scope="col" className="number">Disk free</th>
                  <th scope="col" className="number">Engine answer</th>
                  <th scope="col" className="number">Containers</th>
                </tr>
              </thead>
              <tbody>
                {telemetry.nodes.map((n) => (
                  <tr key={n.health.address}>
                    <th scope="row" title={n.health.address}>
                      {n.health.node}
                    </th>
                    <td>{n.health.flavour}</td>
                    <td className="number">{n.health.slots}</td>
                    <td>
                      {n.healthy ? <span className="badge badge-accepted">healthy</span> : <span className="badge badge-wrong-answer">unhealthy</span>}
                      {n.problem && <span className="problem"> {n.problem}; takes no new jobs</span>}
                    </td>
                    <td className="number">
                      {percent(n.health.processCpu)} / {percent(n.health.systemCpu)}
                    </td>
                    <td className="number">
                      {gib(n.health.memoryUsedBytes)} of {gib(n.health.memoryTotalBytes)}
                    </td>
                    <td className="number">{gib(n.health.diskFreeBytes)}</td>
                    <td className="number">{n.health.engineMillis < 0 ? 'no answer' : `${n.health.engineMillis} ms`}</td>
                    <td className="number">{n.health.runningContainers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {queues && (
        <section aria-labelledby="runners-heading">
          <h2 id="runners-heading">Runners per flavour</h2>
          {queues.flavours.every((f) => f.runnerNodes === 0) && <p>No runner node has joined.</p>}
          <div className="table-scroll">
            <table className="runners" aria-labelledby="runners-heading">
              <thead>
                <tr>
                  <th scope="col">Flavour</th>
                  <th scope="col" className="number">Nodes</th>
                  <th scope="col" className="number">Slots</th>
                  <th scope="col" className="number">Busy</th>
                  <th scope="col" className="number">Idle</th>
                </tr>
              </thead>
              <tbody>
                {queues.flavours.map((f) => (
                  <tr key={f.flavour}>
                    <th scope="row">{f.flavour}</th>
                    <td className="number">{f.runnerNodes}</td>
                    <td className="number">{f.slots}</td>
                    <td className="number">{f.busySlots}</td>
                    <td className="number">{f.idleSlots}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2 id="queues-heading">Queues</h2>
          <div className="table-scroll">
            <table className="queues">
              <thead>
                <tr>
                  <th scope="col">Flavour</th>
                  <th scope="col" className="number">Waiting</th>
                  <th scope="col" className="number">Running</th>
                  <th scope="col" className="number">Busy slots</th>
                  <th scope="col">Oldest wait</th>
                  <th scope="col">Mean job time</th>
                  <th scope="col">Wait p50 / p90 / p99</th>
                </tr>
              </thead>
              <tbody>
                {queues.flavours.map((f) => (
                  <tr key={f.flavour}>
                    <th scope="row">{f.flavour}</th>
                    <td className="number">
                      {f.waiting} of {f.capacity}
                    </td>
                    <td className="number">{f.running}</td>
                    <td className="number">
                      {f.busySlots} of {f.slots} ({f.runnerNodes} {f.runnerNodes === 1 ? 'node' : 'nodes'})
                    </td>
                    <td>{formatDuration(f.oldestWaitMillis)}</td>
                    <td>{jobMean(telemetry, f.flavour)}</td>
                    <td>{f.waits.jobs > 0 ? `${formatDuration(f.waits.p50)} / ${formatDuration(f.waits.p90)} / ${formatDuration(f.waits.p99)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {queues && telemetry && (
        <section aria-labelledby="jobs-heading">
          <h2 id="jobs-heading">Jobs since the scheduler started</h2>
          <div className="table-scroll">
            <table className="completed" aria-labelledby="jobs-heading">
              <thead>
                <tr>
                  <th scope="col">Flavour</th>
                  <th scope="col" className="number">Received</th>
                  <th scope="col" className="number">Completed</th>
                  <th scope="col">By verdict</th>
                  <th scope="col">INFRA_ERROR causes</th>
                </tr>
              </thead>
              <tbody>
                {queues.flavours.map((f) => (
                  <tr key={f.flavour}>
                    <th scope="row">{f.flavour}</th>
                    <td className="number">{counterTotal(telemetry, RECEIVED, { flavour: f.flavour })}</td>
                    <td className="number">{counterTotal(telemetry, COMPLETED, { flavour: f.flavour })}</td>
                    <td>{listed(counterBy(telemetry, COMPLETED, 'verdict', { flavour: f.flavour }))}</td>
                    <td>{listed(counterBy(telemetry, INFRA_ERRORS, 'cause', { flavour: f.flavour }))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {history && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <p className="hint">
            Kept by the scheduler at {history.intervalMillis / 1000} s, every flavour together; it starts again when the scheduler moves or restarts.
          </p>
          <div className="charts">
            <LineChart title="Throughput (jobs completed per minute)" unit="jobs/min" now={updated} windowMillis={windowMillis} series={throughputSeries(history)} />
            <LineChart title="Wait before a runner starts (s)" unit="s" now={updated} windowMillis={windowMillis} series={waitSeries(history)} />
            <LineChart title="Verdicts (jobs per interval)" unit="jobs" now={updated} windowMillis={windowMillis} series={verdictSeries(history)} />
            <LineChart title="Queue depth (jobs)" unit="jobs" now={updated} windowMillis={windowMillis} series={depthSeries(history)} />
            <LineChart title="Engine answer time per node (ms)" unit="ms" now={updated} windowMillis={windowMillis} series={nodeSeries(history, (p) => p.engineMillis)} />
            <LineChart title="Machine CPU per node (%)" unit="%" now={updated} windowMillis={windowMillis} series={nodeSeries(history, (p) => p.systemCpu * 100)} />
            <LineChart title="Disk free per node (GiB)" unit="GiB" now={updated} windowMillis={windowMillis} series={nodeSeries(history, (p) => p.diskFreeBytes / GIB)} />
          </div>
        </section>
      )}
    </>
  );
}

const GIB = 1024 ** 3;

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}

function percent(ratio: number): string {
  return ratio < 0 ? '—' : `${Math.round(ratio * 100)} %`;
}

/** Measured since the scheduler started, lease to result; a dash before the first job. */
function jobMean(telemetry: Telemetry | undefined, flavour: string): string {
  const mean = telemetry && histogramMeanMillis(telemetry, JOB_TIME, { flavour });
  return mean === undefined ? '—' : formatDuration(mean);
}

function listed(entries: [string, number][]): string {
  return entries.length === 0 ? '—' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}
