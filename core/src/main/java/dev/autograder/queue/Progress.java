package dev.autograder.queue;

import dev.autograder.CborSerializable;

/**
 * How far a running job is: compiling, test k of n, or a harness running.
 *
 * @param test the test being run, from 1; 0 outside TESTING
 * @param tests how many tests there are; 0 when not known
 */
public record Progress(Phase phase, int test, int tests) implements CborSerializable {
  public enum Phase {
    STARTING,
    COMPILING,
    TESTING,
    RUNNING_AUTOGRADER
  }

  public static final Progress STARTING = new Progress(Phase.STARTING, 0, 0);
}
