package dev.autograder.queue;

import org.apache.pekko.cluster.MemberStatus;

/**
 * Which runner nodes take part in grading, by their cluster membership: the queues offer jobs to
 * them and the blob server serves them the jobs' blobs, so both must agree.
 */
public final class RunnerMembership {
  private RunnerMembership() {}

  /** Up, or WeaklyUp: joined while another member is unreachable, as happens mid-failover. */
  public static boolean servesJobs(MemberStatus status) {
    return status == MemberStatus.up() || status == MemberStatus.weaklyUp();
  }
}
