package dev.autograder.queue;

import dev.autograder.CborSerializable;

/**
 * Where a job is in its flavour's queue, live.
 *
 * @param ahead how many jobs go out before it (WAITING only)
 * @param estimatedWaitMillis until it starts, -1 when no runner serves the flavour or it runs
 * @param runners the job slots serving the flavour now; 0 means it waits for a runner to join
 * @param progress how far it is (RUNNING only)
 */
public record JobStatus(
    String submissionId,
    State state,
    int ahead,
    long estimatedWaitMillis,
    int runners,
    Progress progress,
    String runnerId)
    implements CborSerializable {

  public enum State {
    WAITING,
    RUNNING,
    /** Not in the queue: graded, or not yet (or no longer) known to the scheduler. */
    UNKNOWN
  }

  public static JobStatus unknown(String submissionId) {
    return new JobStatus(submissionId, State.UNKNOWN, 0, -1, 0, null, null);
  }
}
