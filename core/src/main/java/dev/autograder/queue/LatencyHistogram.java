package dev.autograder.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Durations counted into fixed buckets, as a Prometheus histogram. Synchronized: a runner's sandbox
 * threads observe into one while its health report reads it.
 */
public final class LatencyHistogram {
  /**
   * Upper bounds in seconds: from a warm runner's fraction of a second to a deadline rush's half
   * hour.
   */
  public static final List<Double> BOUNDS =
      List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0);

  private final List<Double> bounds;
  private final long[] counts;
  private long count;
  private long sumMillis;

  public LatencyHistogram() {
    this(BOUNDS);
  }

  /** With {@code bounds} in seconds, ascending; +Inf is implied. */
  public LatencyHistogram(List<Double> bounds) {
    this.bounds = List.copyOf(bounds);
    this.counts = new long[bounds.size()];
  }

  public synchronized void observe(long millis) {
    long clamped = Math.max(0, millis);
    double seconds = clamped / 1000.0;
    for (int i = 0; i < counts.length; i++) {
      if (seconds <= bounds.get(i)) {
        counts[i]++;
        break;
      }
    }
    count++;
    sumMillis += clamped;
  }

  /**
   * Cumulative, as Prometheus reads buckets: each counts every observation at or under its bound.
   */
  public synchronized Telemetry.HistogramSample sample(Map<String, String> labels) {
    List<Long> cumulative = new ArrayList<>(counts.length);
    long running = 0;
    for (long c : counts) {
      running += c;
      cumulative.add(running);
    }
    return new Telemetry.HistogramSample(labels, cumulative, sumMillis / 1000.0, count);
  }
}
