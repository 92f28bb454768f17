package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.Verdict;
import dev.autograder.port.CountedSubmissions;
import dev.autograder.port.GradingDesk.SubmissionSummary;
import dev.autograder.submission.view.SubmissionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which submission counts under each rule, and what its final score is. */
class CountedSubmissionsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static SubmissionSummary graded(String id, String student, int minute, double score) {
    return summary(id, student, minute, score, 0, null, null);
  }

  private static SubmissionSummary summary(
      String id,
      String student,
      int minute,
      Double score,
      double penalty,
      ScoreAdjustment adjustment,
      Instant chosenAt) {
    return new SubmissionSummary(
        id,
        "hello",
        student,
        score == null ? SubmissionStatus.QUEUED : SubmissionStatus.GRADED,
        T0.plusSeconds(60L * minute),
        null,
        score == null ? null : Verdict.ACCEPTED,
        score,
        score == null ? null : 4.0,
        null,
        penalty > 0 ? 1 : 0,
        penalty,
        1,
        false,
        adjustment,
        chosenAt);
  }

  private static SubmissionSummary practice(String id, String student, int minute, double score) {
    return new SubmissionSummary(
        id,
        "hello",
        student,
        SubmissionStatus.GRADED,
        T0.plusSeconds(60L * minute),
        null,
        Verdict.ACCEPTED,
        score,
        4.0,
        null,
        0,
        0,
        1,
        true,
        null,
        null);
  }

  private static String counted(
      CountedSubmission rule, List<SubmissionSummary> all, String student) {
    return new CountedSubmissions(rule, all).of(student).orElseThrow().id();
  }

  @Test
  void theLatestCountsByDefaultEvenWhenItDidNotCompile() {
    List<SubmissionSummary> ada = List.of(graded("s2", "ada", 2, 0), graded("s1", "ada", 1, 4));
    assertEquals("s2", counted(CountedSubmission.LATEST, ada, "ada"));
    assertEquals(
        "s1",
        counted(CountedSubmission.BEST, ada, "ada"),
        "the best keeps the 4/4 of the earlier one");
  }

  @Test
  void aPracticeRunIsNeverNumberedNorTheOneThatCounts() {
    SubmissionSummary run = practice("p1", "ada", 3, 4);
    List<SubmissionSummary> ada =
        List.of(graded("s1", "ada", 1, 1), run, graded("s2", "ada", 2, 0));
    for (CountedSubmission rule : CountedSubmission.values()) {
      assertEquals(
          rule == CountedSubmission.BEST ? "s1" : "s2", counted(rule, ada, "ada"), rule.name());
    }
    CountedSubmissions counting = new CountedSubmissions(CountedSubmission.LATEST, ada);
    assertEquals(0, counting.number(run));
    assertEquals(2, counting.number(ada.get(2)));
    CountedSubmissions onlyPractice =
        new CountedSubmissions(CountedSubmission.LATEST, List.of(run));
    assertTrue(onlyPractice.of("ada").isEmpty(), "practice alone gives no grade");
  }

  @Test
  void theBestIsTheHighestFinalScoreAndTheLaterOneOnATie() {
    List<SubmissionSummary> ada =
        List.of(
            graded("s1", "ada", 1, 3),
            graded("s2", "ada", 2, 3),
            summary("s3", "ada", 3, 4.0, 50, null, null),
            summary("s4", "ada", 4, null, 0, null, null));
    assertEquals(
        "s2",
        counted(CountedSubmission.BEST, ada, "ada"),
        "4 points late by a day at 50% is 2, below 3; equal 3s go to the later; the ungraded one has no score");
  }

  @Test
  void anAdjustmentCountsForTheBestAndIsKeptWithinTheMaximum() {
    ScoreAdjustment tenMore = new ScoreAdjustment(ScoreAdjustment.Mode.ADD, 10, "", "tess", T0);
    SubmissionSummary raised = summary("s1", "ada", 1, 1.0, 0, tenMore, null);
    List<SubmissionSummary> ada = List.of(raised, graded("s2", "ada", 2, 3));
    assertEquals("s1", counted(CountedSubmission.BEST, ada, "ada"));
    assertEquals(4.0, raised.finalScore(), "1 + 10 is kept at the maximum of 4");
    SubmissionSummary late =
        summary(
            "s3",
            "ada",
            3,
            4.0,
            25,
            new ScoreAdjustment(ScoreAdjustment.Mode.SET, 2, "", "tess", T0),
            null);
    assertEquals(1.5, late.finalScore(), "set to 2, then 25% off for lateness");
  }

  @Test
  void theChosenIsTheLatestPickAndWithoutOneTheLatest() {
    List<SubmissionSummary> picked =
        List.of(
            summary("s1", "ada", 1, 4.0, 0, null, T0.plusSeconds(600)),
            summary("s2", "ada", 2, 2.0, 0, null, T0.plusSeconds(900)),
            graded("s3", "ada", 3, 0),
            graded("b1", "bob", 1, 1),
            graded("b2", "bob", 2, 0));
    CountedSubmissions counted = new CountedSubmissions(CountedSubmission.CHOSEN, picked);
    assertEquals("s2", counted.of("ada").orElseThrow().id(), "picked last");
    assertEquals("b2", counted.of("bob").orElseThrow().id(), "bob picked none: his latest");
    assertEquals(3, counted.number(picked.get(2)));
    assertEquals(1, counted.number(picked.get(3)), "numbers are each student's own");
  }
}
