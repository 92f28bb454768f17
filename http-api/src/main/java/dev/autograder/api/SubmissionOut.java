package dev.autograder.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.Lateness;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.StudentResult;
import dev.autograder.grading.Verdict;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.port.GradingDesk.SubmissionSummary;
import dev.autograder.queue.JobStatus;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Instant;
import java.util.List;

/**
 * A submission as the API shows it. Staff see the whole result, the attempts (with their runners)
 * and the log; a practice run says so ({@code practice}); the owner sees no runner (infrastructure
 * is staff's business), and of the result what its and the tests' visibility allow, given the due
 * date and whether grades are published.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubmissionOut(
    String id,
    String assignmentId,
    String courseId,
    String student,
    SubmissionStatus status,
    Instant receivedAt,
    Instant gradedAt,
    List<String> files,
    int attempt,
    int round,
    JobStatus queue,
    boolean late,
    int daysLate,
    double penaltyPercent,
    Verdict verdict,
    Double score,
    Double maxScore,
    Double finalScore,
    Object result,
    List<SubmissionView.Attempt> attempts,
    String regradeBatch,
    boolean practice,
    ScoreAdjustment adjustment,
    Instant chosenAt) {

  static SubmissionOut forStaff(SubmissionView v) {
    GradingResult r = v.result().orElse(null);
    Lateness late = v.lateness();
    return new SubmissionOut(
        v.id(),
        v.assignmentId(),
        v.courseId(),
        v.student(),
        v.status(),
        v.receivedAt(),
        v.gradedAt().orElse(null),
        v.files(),
        v.attempt(),
        v.round(),
        v.queue().orElse(null),
        late.late(),
        late.daysLate(),
        late.penaltyPercent(),
        r == null ? null : r.verdict(),
        r == null ? null : r.score(),
        r == null ? null : r.maxScore(),
        r == null ? null : late.finalScore(r.score(), r.maxScore(), v.adjustment()),
        r,
        v.attempts(),
        v.regradeBatch(),
        v.practice(),
        v.adjustment(),
        v.chosenAt());
  }

  static SubmissionOut forOwner(SubmissionView v, AssignmentDetails assignment, Instant now) {
    AssignmentRules rules = assignment.rules();
    Extension extension = assignment.extensions().get(v.student());
    StudentResult r =
        v.result()
            .map(
                result -> result.forStudent(rules.pastDue(now, extension), rules.gradesPublished()))
            .orElse(null);
    Lateness late = v.lateness();
    Double score = r == null ? null : r.score();
    // Staff's adjustment and its comment reach the student with the published grades.
    ScoreAdjustment adjustment =
        v.adjustment() != null && rules.gradesPublished() ? v.adjustment() : null;
    // Which runner grades it is infrastructure: staff see it, the owner does not.
    JobStatus queue =
        v.queue()
            .map(
                q ->
                    new JobStatus(
                        q.submissionId(),
                        q.state(),
                        q.ahead(),
                        q.estimatedWaitMillis(),
                        q.runners(),
                        q.progress(),
                        null))
            .orElse(null);
    return new SubmissionOut(
        v.id(),
        v.assignmentId(),
        v.courseId(),
        v.student(),
        v.status(),
        v.receivedAt(),
        v.gradedAt().orElse(null),
        v.files(),
        v.attempt(),
        v.round(),
        queue,
        late.late(),
        late.daysLate(),
        late.penaltyPercent(),
        r == null ? null : r.verdict(),
        score,
        r == null ? null : r.maxScore(),
        score == null ? null : late.finalScore(score, r.maxScore(), adjustment),
        r,
        null,
        null,
        v.practice(),
        adjustment,
        v.chosenAt());
  }

  /** A list entry: scores only when the viewer may see them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Summary(
      String id,
      String assignmentId,
      String student,
      SubmissionStatus status,
      Instant receivedAt,
      Instant gradedAt,
      Verdict verdict,
      Double score,
      Double maxScore,
      boolean late,
      int daysLate,
      double penaltyPercent,
      Double finalScore,
      int round,
      boolean practice,
      int number,
      Boolean counted,
      ScoreAdjustment adjustment) {

    /**
     * @param shown whether the viewer may see its result
     * @param adjustmentShown whether they may see staff's adjustment (students: once grades are
     *     published)
     * @param number 1 for the student's first submission
     * @param counted whether it is the one that counts (and the viewer may know it)
     */
    static Summary of(
        SubmissionSummary s, boolean shown, boolean adjustmentShown, int number, boolean counted) {
      Double score = shown ? s.score() : null;
      ScoreAdjustment adjustment = adjustmentShown ? s.adjustment() : null;
      Double finalScore =
          score == null
              ? null
              : adjustment != null
                  ? s.finalScore()
                  : new Lateness(s.daysLate(), s.penaltyPercent()).apply(score);
      return new Summary(
          s.id(),
          s.assignmentId(),
          s.student(),
          s.status(),
          s.receivedAt(),
          s.gradedAt(),
          shown ? s.verdict() : null,
          score,
          s.maxScore(),
          s.daysLate() > 0,
          s.daysLate(),
          s.penaltyPercent(),
          finalScore,
          s.round(),
          s.practice(),
          number,
          counted ? Boolean.TRUE : null,
          adjustment);
    }
  }
}
