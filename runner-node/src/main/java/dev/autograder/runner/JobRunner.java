package dev.autograder.runner;

import dev.autograder.grading.GradingResult;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.Progress;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Grades one leased job, off the actor's thread, telling {@code progress} how far it is. */
public interface JobRunner {
  CompletionStage<GradingResult> run(JobLease lease, Consumer<Progress> progress);
}
