package dev.autograder.scheduler;

import dev.autograder.grading.Verdict;
import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.TelemetryHistory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler's recent history at a fixed resolution: what happened in the interval being filled,
 * and a bounded ring of closed intervals (the oldest dropped first), one for the queues and one per
 * runner node. In memory: a moved or restarted scheduler starts a new history. Owned by one actor.
 */
final class RecentHistory {
  private final long intervalMillis;
  private final int capacity;
  private final Deque<TelemetryHistory.Point> points = new ArrayDeque<>();
  private final Map<String, NodeRing> nodes = new LinkedHashMap<>();

  /** The interval being filled. */
  private long completed;
  private final Map<String, Long> verdicts = new TreeMap<>();
  private long[] waits = new long[64];
  private int started;

  private static final class NodeRing {
    final String node;
    final Deque<TelemetryHistory.NodePoint> points = new ArrayDeque<>();

    NodeRing(String node) {
      this.node = node;
    }
  }

  /**
   * @param intervalMillis each point's span
   * @param capacity how many points each series keeps
   */
  RecentHistory(long intervalMillis, int capacity) {
    if (intervalMillis <= 0 || capacity < 1) {
      throw new IllegalArgumentException("a history needs a positive interval and room for a point");
    }
    this.intervalMillis = intervalMillis;
    this.capacity = capacity;
  }

  void completed(Verdict verdict) {
    completed++;
    verdicts.merge(verdict.name(), 1L, Long::sum);
  }

  void started(long waitMillis) {
    if (started == waits.length) {
      waits = Arrays.copyOf(waits, started * 2);
    }
    waits[started++] = waitMillis;
  }

  /**
   * Closes the interval ending now: the queues' depth at its end, and each node's latest report. A
   * node that has not reported for as long as the history holds is dropped with its ring.
   */
  void close(long atMillis, long waiting, long running, List<NodeHealth> reports) {
    long[] sorted = Arrays.copyOf(waits, started);
    Arrays.sort(sorted);
    add(points, new TelemetryHistory.Point(atMillis, completed, new TreeMap<>(verdicts), nearestRank(sorted, 0.5),
        nearestRank(sorted, 0.9), started, waiting, running));
    completed = 0;
    verdicts.clear();
    started = 0;
    for (NodeHealth h : reports) {
      add(nodes.computeIfAbsent(h.address(), a -> new NodeRing(h.node())).points,
          new TelemetryHistory.NodePoint(atMillis, h.processCpu(), h.systemCpu(), h.memoryUsedBytes(),
              h.diskFreeBytes(), h.engineMillis(), h.runningContainers(), h.problem() == null));
    }
    long oldest = atMillis - intervalMillis * capacity;
    nodes.values().removeIf(ring -> ring.points.isEmpty() || ring.points.peekLast().atMillis() < oldest);
  }

  private <T> void add(Deque<T> ring, T point) {
    if (ring.size() == capacity) {
      ring.removeFirst();
    }
    ring.addLast(point);
  }

  private static long nearestRank(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  TelemetryHistory snapshot() {
    List<TelemetryHistory.NodeSeries> series = new ArrayList<>();
    nodes.forEach((address, ring) -> series.add(new TelemetryHistory.NodeSeries(ring.node, address,
        List.copyOf(ring.points))));
    return new TelemetryHistory(intervalMillis, List.copyOf(points), series);
  }
}
