package dev.autograder.runner;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many more jobs this runner node may take: unlimited, or N in the recycling mode, where a node
 * leaves the cluster after N jobs for its orchestrator to replace it with a fresh one. Shared by
 * the node's slots.
 */
public final class JobBudget {
  private final AtomicLong left;

  private JobBudget(long jobs) {
    this.left = new AtomicLong(jobs);
  }

  /** {@code jobs} of 0 means no limit. */
  public static JobBudget of(long jobs) {
    return new JobBudget(jobs <= 0 ? Long.MAX_VALUE : jobs);
  }

  /** Takes one job from the budget; false when none is left. */
  boolean take() {
    return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  boolean exhausted() {
    return left.get() == 0;
  }
}
