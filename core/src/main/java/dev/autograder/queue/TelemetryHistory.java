package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's recent history, one point per interval, oldest first, kept in memory for a
 * bounded time: what the operator page charts on load. A long history is answered with runs of
 * intervals merged ({@code intervalMillis} says how long a point is); the nodes' series may be
 * merged further when there are many nodes.
 */
public record TelemetryHistory(long intervalMillis, List<Point> points, List<NodeSeries> nodes)
    implements CborSerializable {

  public TelemetryHistory {
    points = List.copyOf(points);
    nodes = List.copyOf(nodes);
  }

  /**
   * One interval of every flavour together.
   *
   * @param atMillis the interval's end, epoch milliseconds
   * @param completed jobs whose result was recorded in the interval
   * @param verdicts those jobs by verdict
   * @param waitP50Millis median wait (queued to started) of the jobs started in the interval; 0
   *     with none
   * @param started jobs started in the interval
   * @param waiting jobs waiting at the interval's end
   * @param running jobs running at the interval's end
   */
  public record Point(
      long atMillis,
      long completed,
      Map<String, Long> verdicts,
      long waitP50Millis,
      long waitP90Millis,
      long started,
      long waiting,
      long running)
      implements CborSerializable {}

  /** One runner node's reports, the latest of each interval. */
  public record NodeSeries(String node, String address, List<NodePoint> points)
      implements CborSerializable {}

  public record NodePoint(
      long atMillis,
      double processCpu,
      double systemCpu,
      long memoryUsedBytes,
      long diskFreeBytes,
      long engineMillis,
      int runningContainers,
      boolean healthy)
      implements CborSerializable {}
}
