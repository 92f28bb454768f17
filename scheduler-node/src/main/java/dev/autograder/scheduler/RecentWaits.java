package dev.autograder.scheduler;

import dev.autograder.queue.WaitPercentiles;
import java.util.Arrays;

/**
 * The waits of the last {@code capacity} jobs a queue started, for percentiles; owned by one actor.
 */
final class RecentWaits {
  private final long[] waits;
  private int next;
  private int size;

  RecentWaits(int capacity) {
    this.waits = new long[capacity];
  }

  void add(long millis) {
    waits[next] = millis;
    next = (next + 1) % waits.length;
    size = Math.min(size + 1, waits.length);
  }

  WaitPercentiles percentiles() {
    if (size == 0) {
      return WaitPercentiles.NONE;
    }
    long[] sorted = Arrays.copyOf(waits, size);
    Arrays.sort(sorted);
    return new WaitPercentiles(at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), size);
  }

  /** Nearest rank. */
  private static long at(long[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
