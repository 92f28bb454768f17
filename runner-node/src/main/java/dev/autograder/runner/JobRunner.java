package dev.autograder.runner;

import dev.autograder.grading.GradingResult;
import dev.autograder.queue.JobLease;
import java.util.concurrent.CompletionStage;

/** Grades one leased job, off the actor's thread. */
public interface JobRunner {
  CompletionStage<GradingResult> run(JobLease lease);
}
