package dev.autograder.queue;

import dev.autograder.CborSerializable;

/**
 * How long the flavour's recent jobs waited from queued to started, in milliseconds; 0 with none.
 */
public record WaitPercentiles(long p50, long p90, long p99, int jobs) implements CborSerializable {
  public static final WaitPercentiles NONE = new WaitPercentiles(0, 0, 0, 0);
}
