package dev.autograder.scheduler;

import dev.autograder.queue.GradingJob;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The read side's list of submissions not graded yet: what a new scheduler rebuilds its queues
 * from.
 */
public interface PendingJobs {

  /**
   * A job not graded yet.
   *
   * @param runnerId the runner that started its latest attempt, if one did
   */
  record PendingJob(GradingJob job, Optional<String> runnerId) {}

  CompletionStage<List<PendingJob>> load(String flavour);
}
