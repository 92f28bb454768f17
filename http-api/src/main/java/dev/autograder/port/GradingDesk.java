package dev.autograder.port;

import dev.autograder.course.rules.Lateness;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.queue.Telemetry;
import dev.autograder.queue.TelemetryHistory;
import dev.autograder.submission.archive.SubmittedFile;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What the HTTP routes ask of the grading cluster. The scheduler node implements it over the
 * sharded entities, the scheduler singleton, the read tables and the blob store; failed stages
 * carry an {@link Refusal} when the request was at fault.
 */
public interface GradingDesk {

  /**
   * A submission as lists show it; scores null while not graded; practice runs counted nowhere.
   *
   * @param adjustment staff's change to the score, or null
   * @param chosenAt when it was last picked as the one that counts, or null
   */
  record SubmissionSummary(
      String id,
      String assignmentId,
      String student,
      SubmissionStatus status,
      Instant receivedAt,
      Instant gradedAt,
      Verdict verdict,
      Double score,
      Double maxScore,
      Visibility resultVisibility,
      int daysLate,
      double penaltyPercent,
      int round,
      boolean practice,
      ScoreAdjustment adjustment,
      Instant chosenAt) {

    /**
     * The score that goes in the grade book: adjusted, kept within 0 and the maximum, then the late
     * penalty.
     */
    public Double finalScore() {
      if (score == null) {
        return null;
      }
      return new Lateness(daysLate, penaltyPercent)
          .finalScore(score, maxScore == null ? 0 : maxScore, adjustment);
    }
  }

  record RegradeBatch(
      String id,
      String assignmentId,
      int total,
      int done,
      int pending,
      List<String> submissions,
      Instant createdAt) {}

  record ClusterMember(String address, Set<String> roles, String status, boolean reachable) {}

  record ClusterView(List<ClusterMember> members) {}

  /**
   * Checks the deadline (unless {@code staff}) and the student's runs, holds a place in the
   * flavour's queue, persists the submission, then lets the job out. Refusals (409 for a deadline
   * or the limit, 503 for a full queue) record nothing and cost no run. {@code actor} made it: the
   * student, or staff for them.
   */
  CompletionStage<SubmissionView> submit(
      AssignmentDetails assignment,
      String student,
      List<SubmittedFile> files,
      boolean staff,
      String actor);

  /**
   * A practice run of the student's files: like {@link #submit} but graded on the visible tests
   * only, behind all graded work, under its own hourly limit per student (429 past it) and counted
   * nowhere; refused before the assignment opens (unless {@code staff}) but not after it closes.
   */
  CompletionStage<SubmissionView> practise(
      AssignmentDetails assignment,
      String student,
      List<SubmittedFile> files,
      boolean staff,
      String actor);

  /** The submission, with where its job is now while it is not graded. */
  CompletionStage<Optional<SubmissionView>> submission(String id);

  /**
   * The submission now and after each change of it or of its job (pushed, not polled), ending after
   * the first GRADED view; fails with a 404 {@link Refusal} when there is no such submission.
   * Cancelling the source ends the watch.
   */
  Source<SubmissionView, NotUsed> updates(String id);

  /**
   * The archive (a zip, SubmissionArchive's) of a submission's files; empty when there is no such
   * submission.
   */
  CompletionStage<Optional<byte[]>> submissionArchive(String id);

  /** An assignment's submissions, newest first; one student's, or each student's latest. */
  CompletionStage<List<SubmissionSummary>> submissions(
      String assignmentId, Optional<String> student, boolean latestOnly);

  /**
   * Grades the submission again with the assignment's current spec; 409 while it is being graded.
   */
  CompletionStage<SubmissionView> regrade(
      AssignmentDetails assignment, String submissionId, String actor);

  /** Sets staff's change to a graded submission's score; 409 before its first grade. */
  CompletionStage<SubmissionView> adjust(String submissionId, ScoreAdjustment adjustment);

  CompletionStage<SubmissionView> removeAdjustment(String submissionId, String actor);

  /** Records the pick of the submission as the one that counts (the routes check who may). */
  CompletionStage<SubmissionView> choose(String submissionId, String actor);

  /**
   * Regrades, as one tracked batch, each of the given students' latest graded submission and, when
   * another one counts (best or chosen), that one too. Staff's own runs are not in {@code
   * students}.
   */
  CompletionStage<RegradeBatch> regradeAll(
      AssignmentDetails assignment, Set<String> students, String actor);

  CompletionStage<Optional<RegradeBatch>> regradeBatch(String batchId);

  /** Every flavour's queue: depth, runners, waits. */
  CompletionStage<QueuesStatus> queues();

  /** The scheduler's counters, histograms and runner nodes' health. */
  CompletionStage<Telemetry> telemetry();

  /** The scheduler's recent history, for the operator page. */
  CompletionStage<TelemetryHistory> history();

  ClusterView cluster();

  /** Whether this node is a cluster member and its database answers. */
  CompletionStage<Boolean> ready();

  /** Stores a content-addressed blob (an uploaded package) and answers its SHA-256. */
  CompletionStage<String> storeBlob(byte[] content);
}
