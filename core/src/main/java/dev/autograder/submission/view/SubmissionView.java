package dev.autograder.submission.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autograder.CborSerializable;
import dev.autograder.course.rules.Lateness;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.queue.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A submission as the API shows it.
 *
 * @param attempts every grading attempt, in order: which runner took it and when
 * @param queue where its job is now, while it is not graded (filled in by the API)
 * @param lateness against the student's own due date when it arrived
 * @param round 1 for the first grading, one more for each regrade
 * @param regradeBatch the batch that asked for the current round, or null
 * @param practice a practice run: graded on the visible tests only and counted nowhere
 * @param adjustment staff's change to the score, or null
 * @param chosenAt when this submission was last picked as the one that counts, or null
 */
public record SubmissionView(
    String id,
    String assignmentId,
    String courseId,
    String flavour,
    String student,
    List<String> files,
    SubmissionStatus status,
    int attempt,
    Instant receivedAt,
    Optional<Instant> gradedAt,
    Optional<GradingResult> result,
    List<Attempt> attempts,
    Optional<JobStatus> queue,
    Lateness lateness,
    int round,
    String regradeBatch,
    boolean practice,
    ScoreAdjustment adjustment,
    Instant chosenAt)
    implements CborSerializable {

  public SubmissionView {
    lateness = lateness == null ? Lateness.ON_TIME : lateness;
  }

  /**
   * One grading attempt: which runner took it and when, and once it is over, when and how it ended
   * and why (the runner's own failure message, or what the scheduler saw of the runner). Staff
   * only.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attempt(
      int attempt,
      String runnerId,
      Instant startedAt,
      Instant endedAt,
      Ending ending,
      String reason) {
    /** An attempt still running, or whose end was not recorded. */
    public Attempt(int attempt, String runnerId, Instant startedAt) {
      this(attempt, runnerId, startedAt, null, null, null);
    }
  }

  /** How a grading attempt ended. */
  public enum Ending {
    /** Its result is the submission's grade. */
    GRADED,
    /** The runner reported that the sandbox or the grader's own machinery failed. */
    SANDBOX_FAILED,
    /** The runner's node died, left or was downed while it had the job. */
    RUNNER_LOST,
    /** The runner stayed in the cluster but stopped renewing its lease. */
    LEASE_EXPIRED
  }

  public SubmissionView withQueue(JobStatus status) {
    return new SubmissionView(
        id,
        assignmentId,
        courseId,
        flavour,
        student,
        files,
        this.status,
        attempt,
        receivedAt,
        gradedAt,
        result,
        attempts,
        Optional.of(status),
        lateness,
        round,
        regradeBatch,
        practice,
        adjustment,
        chosenAt);
  }
}
