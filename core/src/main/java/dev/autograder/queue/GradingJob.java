package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.time.Instant;

/**
 * A submission waiting to be graded. The files and the grading spec travel as content hashes: the
 * runner fetches them over HTTP and caches them by hash.
 *
 * @param specHash SHA-256 of the assignment's grading spec (JSON)
 * @param filesHash SHA-256 of the submission archive
 * @param priority interactive submissions go before regrades
 */
public record GradingJob(
    String submissionId,
    String assignmentId,
    String student,
    String flavour,
    String specHash,
    String filesHash,
    int attempt,
    Instant receivedAt,
    JobPriority priority)
    implements CborSerializable {

  public GradingJob {
    priority = priority == null ? JobPriority.INTERACTIVE : priority;
  }

  public GradingJob nextAttempt() {
    return new GradingJob(
        submissionId, assignmentId, student, flavour, specHash, filesHash, attempt + 1, receivedAt, priority);
  }
}
