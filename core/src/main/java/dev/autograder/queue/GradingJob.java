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
 * @param firstAttempt the first attempt of this grading round: attempt numbers keep growing across
 *     regrades, so that a late result of an earlier round is never taken for the current one
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
    JobPriority priority,
    int firstAttempt)
    implements CborSerializable {

  public GradingJob {
    priority = priority == null ? JobPriority.INTERACTIVE : priority;
    firstAttempt = firstAttempt < 1 ? 1 : firstAttempt;
  }

  /** A job of a submission's first grading round. */
  public GradingJob(String submissionId, String assignmentId, String student, String flavour, String specHash,
      String filesHash, int attempt, Instant receivedAt, JobPriority priority) {
    this(submissionId, assignmentId, student, flavour, specHash, filesHash, attempt, receivedAt, priority, 1);
  }

  /** How many times this round has tried, this attempt included. */
  public int triesInRound() {
    return attempt - firstAttempt + 1;
  }

  public GradingJob nextAttempt() {
    return new GradingJob(
        submissionId, assignmentId, student, flavour, specHash, filesHash, attempt + 1, receivedAt, priority,
        firstAttempt);
  }
}
