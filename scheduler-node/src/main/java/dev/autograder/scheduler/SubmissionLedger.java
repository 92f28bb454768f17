package dev.autograder.scheduler;

import dev.autograder.grading.GradingResult;
import dev.autograder.queue.JobLease;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Where the queues record what happens to a job: on the Submission entities in production. */
public interface SubmissionLedger {

  /** A runner took the job; fire and forget. */
  void started(JobLease lease);

  /** Completes once the result is recorded, or known to be a duplicate or stale. */
  CompletionStage<Done> graded(String submissionId, int attempt, GradingResult result);
}
