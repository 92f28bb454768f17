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
import java.util.function.Function;

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
      throw new IllegalArgumentException(
          "a history needs a positive interval and room for a point");
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
    add(
        points,
        new TelemetryHistory.Point(
            atMillis,
            completed,
            new TreeMap<>(verdicts),
            nearestRank(sorted, 0.5),
            nearestRank(sorted, 0.9),
            started,
            waiting,
            running));
    completed = 0;
    verdicts.clear();
    started = 0;
    for (NodeHealth h : reports) {
      add(
          nodes.computeIfAbsent(h.address(), a -> new NodeRing(h.node())).points,
          new TelemetryHistory.NodePoint(
              atMillis,
              h.processCpu(),
              h.systemCpu(),
              h.memoryUsedBytes(),
              h.diskFreeBytes(),
              h.engineMillis(),
              h.runningContainers(),
              h.problem() == null));
    }
    long oldest = atMillis - intervalMillis * capacity;
    nodes
        .values()
        .removeIf(ring -> ring.points.isEmpty() || ring.points.peekLast().atMillis() < oldest);
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

  /** Everything kept, at full resolution. */
  TelemetryHistory snapshot() {
    return snapshot(Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * At most {@code maxPoints} points, and at most {@code maxNodePoints} node points in all: a
   * history of 24 h at 10 s for many nodes would not fit in one cluster message (the API asks the
   * singleton, maybe on another node). When there are more, runs of consecutive intervals are
   * merged into one point each: counts added, depth and node measures of the run's last interval,
   * waits and node health of its worst. With many nodes their series are merged further than the
   * queues'.
   */
  TelemetryHistory snapshot(int maxPoints, int maxNodePoints) {
    int run = runLength(points.size(), maxPoints);
    int perNode =
        nodes.isEmpty()
            ? maxPoints
            : Math.max(1, Math.min(maxPoints, maxNodePoints / nodes.size()));
    int nodeRun =
        Math.max(
            run,
            nodes.values().stream()
                .mapToInt(r -> runLength(r.points.size(), perNode))
                .max()
                .orElse(1));
    List<TelemetryHistory.NodeSeries> series = new ArrayList<>();
    for (var node : nodes.entrySet()) {
      series.add(
          new TelemetryHistory.NodeSeries(
              node.getValue().node,
              node.getKey(),
              merged(List.copyOf(node.getValue().points), nodeRun, RecentHistory::mergeNode)));
    }
    return new TelemetryHistory(
        intervalMillis * run, merged(List.copyOf(points), run, RecentHistory::merge), series);
  }

  private static int runLength(int size, int max) {
    return size <= max ? 1 : (size + max - 1) / max;
  }

  /** Runs of {@code run} points, counted back from the newest so that the latest run is whole. */
  private static <T> List<T> merged(List<T> all, int run, Function<List<T>, T> merge) {
    if (run == 1) {
      return all;
    }
    List<T> out = new ArrayList<>();
    int first = all.size() % run;
    if (first > 0) {
      out.add(merge.apply(all.subList(0, first)));
    }
    for (int i = first; i < all.size(); i += run) {
      out.add(merge.apply(all.subList(i, i + run)));
    }
    return out;
  }

  private static TelemetryHistory.Point merge(List<TelemetryHistory.Point> run) {
    TelemetryHistory.Point last = run.get(run.size() - 1);
    long completed = 0;
    long started = 0;
    long p50 = 0;
    long p90 = 0;
    Map<String, Long> verdicts = new TreeMap<>();
    for (TelemetryHistory.Point p : run) {
      completed += p.completed();
      started += p.started();
      p50 = Math.max(p50, p.waitP50Millis());
      p90 = Math.max(p90, p.waitP90Millis());
      p.verdicts().forEach((v, n) -> verdicts.merge(v, n, Long::sum));
    }
    return new TelemetryHistory.Point(
        last.atMillis(), completed, verdicts, p50, p90, started, last.waiting(), last.running());
  }

  private static TelemetryHistory.NodePoint mergeNode(List<TelemetryHistory.NodePoint> run) {
    TelemetryHistory.NodePoint last = run.get(run.size() - 1);
    boolean healthy = run.stream().allMatch(TelemetryHistory.NodePoint::healthy);
    long engine =
        run.stream().anyMatch(p -> p.engineMillis() < 0)
            ? -1
            : run.stream().mapToLong(TelemetryHistory.NodePoint::engineMillis).max().orElse(0);
    return new TelemetryHistory.NodePoint(
        last.atMillis(),
        last.processCpu(),
        last.systemCpu(),
        last.memoryUsedBytes(),
        last.diskFreeBytes(),
        engine,
        last.runningContainers(),
        healthy);
  }
}
