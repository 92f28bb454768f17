package dev.autograder.scheduler;

import dev.autograder.grading.GradingResult;
import dev.autograder.queue.JobLease;
import dev.autograder.submission.view.SubmissionView;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where the queues record what happens to a job: on the Submission entities in production, and a
 * setup check's outcome on its Assignment entity.
 */
public interface SubmissionLedger {

  /** A runner took the job; fire and forget. */
  void started(JobLease lease);

  /**
   * An attempt ended without being the grade (the job is tried again, or ends with the INFRA_ERROR
   * that {@link #graded} records): how and why, for staff to see; fire and forget. A ledger that
   * keeps no history of attempts ignores it.
   */
  default void ended(JobLease lease, SubmissionView.Ending ending, String reason) {}

  /**
   * The lease's result (a setup check's report, for a {@code SETUP_CHECK} job); completes once it
   * is recorded, or known to be a duplicate or stale.
   */
  CompletionStage<Done> graded(JobLease lease, GradingResult result);
}
