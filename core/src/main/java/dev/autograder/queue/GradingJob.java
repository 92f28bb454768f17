package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.time.Instant;

/**
 * A submission waiting to be graded. The files and the grading spec travel as content hashes: the
 * runner fetches them from an API node's blob server and caches them by hash.
 *
 * @param specHash SHA-256 of the assignment's grading spec (JSON)
 * @param filesHash SHA-256 of the submission archive
 * @param priority interactive submissions go before regrades, and both before practice runs
 * @param firstAttempt the first attempt of this grading round: attempt numbers keep growing across
 *     regrades, so that a late result of an earlier round is never taken for the current one
 * @param kind grading a submission, or checking an assignment's setup
 * @param timeLimitMillis the time limit the assignment's setup check measured, 0 when none did: a
 *     runner uses it rather than measuring again
 * @param metadata what a Gradescope autograder reads in submission_metadata.json; null when the job
 *     was rebuilt from the read side or is not a script's
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
    int firstAttempt,
    JobKind kind,
    long timeLimitMillis,
    SubmissionMetadata metadata)
    implements CborSerializable {

  private static final String SETUP_CHECK_PREFIX = "setup-check:";

  public GradingJob {
    priority = priority == null ? JobPriority.INTERACTIVE : priority;
    firstAttempt = firstAttempt < 1 ? 1 : firstAttempt;
    kind = kind == null ? JobKind.GRADE : kind;
  }

  /** A grading job of any round. */
  public GradingJob(
      String submissionId,
      String assignmentId,
      String student,
      String flavour,
      String specHash,
      String filesHash,
      int attempt,
      Instant receivedAt,
      JobPriority priority,
      int firstAttempt) {
    this(
        submissionId,
        assignmentId,
        student,
        flavour,
        specHash,
        filesHash,
        attempt,
        receivedAt,
        priority,
        firstAttempt,
        JobKind.GRADE,
        0,
        null);
  }

  /** A job of a submission's first grading round. */
  public GradingJob(
      String submissionId,
      String assignmentId,
      String student,
      String flavour,
      String specHash,
      String filesHash,
      int attempt,
      Instant receivedAt,
      JobPriority priority) {
    this(
        submissionId,
        assignmentId,
        student,
        flavour,
        specHash,
        filesHash,
        attempt,
        receivedAt,
        priority,
        1);
  }

  /**
   * The check of an assignment's setup for one spec version: queued before students' work, its id
   * unlike any submission's (those are UUIDs).
   */
  public static GradingJob setupCheck(
      String assignmentId, int specVersion, String flavour, String specHash, Instant at) {
    return new GradingJob(
        SETUP_CHECK_PREFIX + assignmentId + ":" + specVersion,
        assignmentId,
        SETUP_CHECK_PREFIX + assignmentId,
        flavour,
        specHash,
        "",
        1,
        at,
        JobPriority.INTERACTIVE,
        1,
        JobKind.SETUP_CHECK,
        0,
        null);
  }

  /** The spec version a setup check checks. */
  public int checkedSpecVersion() {
    return Integer.parseInt(submissionId.substring(submissionId.lastIndexOf(':') + 1));
  }

  /** The same job carrying the time limit the assignment's setup check measured. */
  public GradingJob withTimeLimitMillis(long millis) {
    return new GradingJob(
        submissionId,
        assignmentId,
        student,
        flavour,
        specHash,
        filesHash,
        attempt,
        receivedAt,
        priority,
        firstAttempt,
        kind,
        millis,
        metadata);
  }

  public GradingJob withMetadata(SubmissionMetadata newMetadata) {
    return new GradingJob(
        submissionId,
        assignmentId,
        student,
        flavour,
        specHash,
        filesHash,
        attempt,
        receivedAt,
        priority,
        firstAttempt,
        kind,
        timeLimitMillis,
        newMetadata);
  }

  /**
   * A practice run: graded on the tests the student sees before the due date only, and counted
   * nowhere. Told by the priority, so that the queue's class and the runner's grading cannot
   * disagree.
   */
  public boolean practice() {
    return priority == JobPriority.PRACTICE;
  }

  /** How many times this round has tried, this attempt included. */
  public int triesInRound() {
    return attempt - firstAttempt + 1;
  }

  public GradingJob nextAttempt() {
    return new GradingJob(
        submissionId,
        assignmentId,
        student,
        flavour,
        specHash,
        filesHash,
        attempt + 1,
        receivedAt,
        priority,
        firstAttempt,
        kind,
        timeLimitMillis,
        metadata);
  }
}
