import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { ClusterState, QueuesState } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { LineChart } from '../components/LineChart';
import { appendSample, seriesOf, throughputPerMinute, type QueueSample } from '../components/timeseries';
import { formatDuration } from '../lib/format';

const POLL_MILLIS = 3000;
const WINDOW_MILLIS = 10 * 60_000;

/**
 * The operator's view: members, runners and queues per flavour (both from /queues), and charts of
 * the queues kept in the browser.
 */
export function ClusterPage() {
  const [cluster, setCluster] = useState<ClusterState>();
  const [queues, setQueues] = useState<QueuesState>();
  const [history, setHistory] = useState<QueueSample[]>([]);
  const [error, setError] = useState<unknown>();
  const [updated, setUpdated] = useState<number>(Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let current = true;
    const poll = async () => {
      try {
        const [c, q] = await Promise.all([get<ClusterState>('/cluster'), get<QueuesState>('/queues')]);
        if (!current) return;
        const now = Date.now();
        setCluster(c);
        setQueues(q);
        setHistory((h) => appendSample(h, q, now, WINDOW_MILLIS));
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
                  <th scope="col">Address</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reachable</th>
                </tr>
              </thead>
              <tbody>
                {cluster.members.map((m) => (
                  <tr key={m.address}>
                    <th scope="row">
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
                  <th scope="col">Average job</th>
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
                    <td>{formatDuration(f.averageJobMillis)}</td>
                    <td>{f.waits.jobs > 0 ? `${formatDuration(f.waits.p50)} / ${formatDuration(f.waits.p90)} / ${formatDuration(f.waits.p99)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="charts">
            <LineChart title="Queue depth (waiting jobs)" unit="jobs" now={updated} windowMillis={WINDOW_MILLIS} series={seriesOf(history, [{ value: (f) => f.waiting }])} />
            <LineChart
              title="Wait before a runner starts (s)"
              unit="s"
              now={updated}
              windowMillis={WINDOW_MILLIS}
              series={seriesOf(history, [
                { label: 'p50', value: (f) => f.waits.p50 / 1000 },
                { label: 'p90', value: (f) => f.waits.p90 / 1000 },
              ])}
            />
            <LineChart
              title="Throughput (jobs per minute, estimated)"
              unit="jobs/min"
              now={updated}
              windowMillis={WINDOW_MILLIS}
              series={seriesOf(history, [{ value: throughputPerMinute }])}
            />
            <LineChart
              title="Job latency (average s, lease to result)"
              unit="s"
              now={updated}
              windowMillis={WINDOW_MILLIS}
              series={seriesOf(history, [{ value: (f) => f.averageJobMillis / 1000 }])}
            />
          </div>
        </section>
      )}
    </>
  );
}
