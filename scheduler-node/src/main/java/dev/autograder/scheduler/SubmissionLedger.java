package dev.autograder.scheduler;

import dev.autograder.grading.GradingResult;
import dev.autograder.queue.JobLease;
import dev.autograder.submission.SubmissionView;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Where the queues record what happens to a job: on the Submission entities in production. */
public interface SubmissionLedger {

  /** A runner took the job; fire and forget. */
  void started(JobLease lease);

  /**
   * An attempt ended without being the grade (the job is tried again, or ends with the INFRA_ERROR
   * that {@link #graded} records): how and why, for staff to see; fire and forget. A ledger that
   * keeps no history of attempts ignores it.
   */
  default void ended(JobLease lease, SubmissionView.Ending ending, String reason) {}

  /** Completes once the result is recorded, or known to be a duplicate or stale. */
  CompletionStage<Done> graded(String submissionId, int attempt, GradingResult result);
}
