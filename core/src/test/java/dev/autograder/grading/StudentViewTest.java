package dev.autograder.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a student sees of a result: the instructor's view filtered by visibility and time. */
class StudentViewTest {
  private static TestVerdict test(String name, Visibility visibility, String feedback) {
    return new TestVerdict(
        name, "", Verdict.WRONG_ANSWER, 0, 1, 10, 5, 1000, 0, 0, visibility, feedback, List.of());
  }

  private final GradingResult full =
      new GradingResult(
          Verdict.WRONG_ANSWER,
          1,
          4,
          "warning",
          List.of(
              test("visible", Visibility.VISIBLE, "expected 3, got 4"),
              test("hidden", Visibility.HIDDEN, "expected SECRET"),
              test("after-due", Visibility.AFTER_DUE_DATE, "expected 5"),
              test("after-published", Visibility.AFTER_PUBLISHED, "expected 6")),
          "overall feedback",
          Visibility.VISIBLE,
          "harness log with SECRET",
          Visibility.HIDDEN,
          100,
          "{}",
          List.of());

  @Test
  void beforeTheDueDateAStudentSeesOnlyVisibleTestsAndNoLog() {
    StudentResult view = full.forStudent(false, false);
    assertEquals(List.of("visible"), view.tests().stream().map(TestVerdict::name).toList());
    assertEquals(3, view.hiddenTests());
    assertEquals("", view.log());
    assertEquals(1.0, view.score());
    assertEquals("overall feedback", view.output());
  }

  @Test
  void aPracticeRunOfAHarnessKeepsTheVisibleTestsScoredOutOfTheirOwnPoints() {
    TestVerdict passed =
        new TestVerdict(
            "passed",
            "",
            Verdict.ACCEPTED,
            1,
            1,
            10,
            5,
            1000,
            0,
            0,
            Visibility.VISIBLE,
            "",
            List.of());
    GradingResult graded =
        new GradingResult(
            Verdict.WRONG_ANSWER,
            2,
            5,
            "",
            List.of(passed, full.tests().get(0), full.tests().get(1), full.tests().get(2)),
            "overall",
            Visibility.AFTER_PUBLISHED,
            "log",
            Visibility.HIDDEN,
            100,
            "{\"secret\": 1}",
            List.of());
    GradingResult practice = graded.visibleTestsOnly();
    assertEquals(
        List.of("passed", "visible"), practice.tests().stream().map(TestVerdict::name).toList());
    assertEquals(1.0, practice.score());
    assertEquals(2.0, practice.maxScore());
    assertEquals(Verdict.WRONG_ANSWER, practice.verdict(), "the first visible test that failed");
    assertEquals(
        Visibility.VISIBLE, practice.visibility(), "a practice result is the student's to see now");
    assertEquals("", practice.extraData());
    GradingResult failedHidden =
        new GradingResult(
            Verdict.WRONG_ANSWER,
            1,
            2,
            "",
            List.of(passed, full.tests().get(1)),
            "",
            Visibility.VISIBLE,
            "",
            Visibility.HIDDEN,
            0,
            "",
            List.of());
    assertEquals(
        Verdict.ACCEPTED,
        failedHidden.visibleTestsOnly().verdict(),
        "a failed hidden test is no part of a practice run");
  }

  @Test
  void afterTheDueDateAndPublicationMoreIsShownButHiddenNever() {
    assertEquals(
        List.of("visible", "after-due"),
        full.forStudent(true, false).tests().stream().map(TestVerdict::name).toList());
    assertEquals(
        List.of("visible", "after-due", "after-published"),
        full.forStudent(true, true).tests().stream().map(TestVerdict::name).toList());
  }

  @Test
  void aResultHiddenUntilTheDueDateShowsNoVerdictOrScoreBefore() {
    GradingResult later =
        new GradingResult(
            Verdict.ACCEPTED,
            4,
            4,
            "",
            full.tests(),
            "",
            Visibility.AFTER_DUE_DATE,
            "",
            Visibility.HIDDEN,
            0,
            "",
            List.of());
    StudentResult before = later.forStudent(false, false);
    assertNull(before.verdict());
    assertNull(before.score());
    assertEquals(List.of(), before.tests());
    assertEquals(Verdict.ACCEPTED, later.forStudent(true, false).verdict());
  }

  @Test
  void aStudentSeesEachTestGroupsScoreWhenTheResultIsShown() {
    List<GroupResult> groups =
        List.of(
            new GroupResult("secret/group1", Verdict.ACCEPTED, 30, 30),
            new GroupResult("secret/group2", Verdict.WRONG_ANSWER, 0, 70));
    GradingResult shown =
        new GradingResult(
            Verdict.WRONG_ANSWER,
            30,
            100,
            "",
            full.tests(),
            "",
            Visibility.VISIBLE,
            "",
            Visibility.HIDDEN,
            0,
            "",
            List.of(),
            groups,
            null);
    assertEquals(groups, shown.forStudent(false, false).groups());
    GradingResult later =
        new GradingResult(
            Verdict.WRONG_ANSWER,
            30,
            100,
            "",
            full.tests(),
            "",
            Visibility.AFTER_DUE_DATE,
            "",
            Visibility.HIDDEN,
            0,
            "",
            List.of(),
            groups,
            null);
    assertEquals(List.of(), later.forStudent(false, false).groups());
    assertEquals(groups, later.forStudent(true, false).groups());
  }

  @Test
  void aLogMarkedVisibleIsShown() {
    GradingResult shared =
        new GradingResult(
            Verdict.ACCEPTED,
            4,
            4,
            "",
            List.of(),
            "",
            Visibility.VISIBLE,
            "build ok",
            Visibility.VISIBLE,
            0,
            "",
            List.of());
    assertEquals("build ok", shared.forStudent(false, false).log());
  }
}
