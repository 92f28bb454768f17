package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.util.List;

/**
 * What a runner node measured of itself, sent to the scheduler every few seconds with the limits it
 * is held to. The scheduler judges it ({@link #problem}) and offers an unhealthy node's slots no
 * work until it recovers.
 *
 * @param node the node's name (autograder.runner.node-name)
 * @param address the node's cluster address, as its runners' actor paths show it
 * @param processCpu this JVM's share of the machine's CPU, 0..1; negative when not known
 * @param systemCpu the whole machine's CPU load, 0..1; negative when not known
 * @param memoryUsedBytes the machine's memory in use
 * @param memoryTotalBytes the machine's memory
 * @param diskFreeBytes free space where the node's work and Docker's data live
 * @param engineMillis how long the Docker engine took to answer a ping; -1 when it did not answer
 * @param runningContainers the engine's running containers of this node
 * @param maxEngineMillis the engine may take this long to answer before the node is unhealthy
 * @param minDiskFreeBytes the node is unhealthy with less free disk than this
 * @param measuredAtMillis when it was measured, epoch milliseconds
 * @param engineCalls how long the node's calls to the Docker engine took since it started, one
 *     histogram (bounds {@link #ENGINE_CALL_BOUNDS}) per call, labelled {@code call}
 */
public record NodeHealth(
    String node,
    String address,
    String flavour,
    int slots,
    double processCpu,
    double systemCpu,
    long memoryUsedBytes,
    long memoryTotalBytes,
    long diskFreeBytes,
    long engineMillis,
    int runningContainers,
    long maxEngineMillis,
    long minDiskFreeBytes,
    long measuredAtMillis,
    List<Telemetry.HistogramSample> engineCalls)
    implements CborSerializable {

  /**
   * Upper bounds in seconds for engine calls: a warm create takes tens of milliseconds, a stalled
   * one seconds.
   */
  public static final List<Double> ENGINE_CALL_BOUNDS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  public NodeHealth {
    engineCalls = engineCalls == null ? List.of() : List.copyOf(engineCalls);
  }

  /** Why this node should take no work, or null when it is healthy. */
  public String problem() {
    if (engineMillis < 0) {
      return "the Docker engine does not answer";
    }
    if (engineMillis > maxEngineMillis) {
      return "the Docker engine took "
          + engineMillis
          + " ms to answer, more than "
          + maxEngineMillis
          + " ms";
    }
    if (diskFreeBytes < minDiskFreeBytes) {
      return "only "
          + diskFreeBytes / (1024 * 1024)
          + " MiB of disk free, less than "
          + minDiskFreeBytes / (1024 * 1024)
          + " MiB";
    }
    return null;
  }
}
