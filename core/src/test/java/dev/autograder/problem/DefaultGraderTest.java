package dev.autograder.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.GroupResult;
import dev.autograder.grading.Verdict;
import dev.autograder.problem.DefaultGrader.CaseOutcome;
import dev.autograder.problem.DefaultGrader.CaseScore;
import dev.autograder.problem.DefaultGrader.Graded;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DefaultGraderTest {

  /**
   * A scoring package: sample 1; secret/g1 with a1, a2; secret/g2 with b1, b2; each group's file as
   * given.
   */
  private static TestZip scoring(String root, String g1, String g2) {
    return new TestZip()
        .with("problem.yaml", "type: scoring\n")
        .with("data/testdata.yaml", root)
        .with("data/sample/1.in", "")
        .with("data/sample/1.ans", "")
        .with("data/secret/g1/testdata.yaml", g1)
        .with("data/secret/g1/a1.in", "")
        .with("data/secret/g1/a1.ans", "")
        .with("data/secret/g1/a2.in", "")
        .with("data/secret/g1/a2.ans", "")
        .with("data/secret/g2/testdata.yaml", g2)
        .with("data/secret/g2/b1.in", "")
        .with("data/secret/g2/b1.ans", "")
        .with("data/secret/g2/b2.in", "")
        .with("data/secret/g2/b2.ans", "");
  }

  /** Grades with the named cases wrong (WA, or the verdict given), recording which cases ran. */
  private static Graded grade(ProblemPackage pkg, List<String> ran, Map<String, Verdict> wrong) {
    return DefaultGrader.grade(
        pkg,
        (testCase, flags) -> {
          ran.add(testCase.name());
          return CaseOutcome.of(wrong.getOrDefault(testCase.name(), Verdict.ACCEPTED));
        });
  }

  private static Graded grade(ProblemPackage pkg, Map<String, Verdict> wrong) {
    return grade(pkg, new ArrayList<>(), wrong);
  }

  private static final String SUBTASKS =
      "on_reject: continue\nrange: 0 100\ngrader_flags: ignore_sample sum\n";
  private static final String MIN_OF = "on_reject: break\ngrader_flags: min\naccept_score: ";

  @Test
  void subtasksScoreTheirMinimumAndTheRootTheirSum() {
    ProblemPackage pkg = scoring(SUBTASKS, MIN_OF + "40\n", MIN_OF + "60\n").parse();
    Graded all = grade(pkg, Map.of());
    assertEquals(Verdict.ACCEPTED, all.verdict());
    assertEquals(100, all.score());
    assertEquals(100, all.maxScore());
    Graded partial = grade(pkg, Map.of("secret/g2/b1", Verdict.WRONG_ANSWER));
    assertEquals(40, partial.score());
    assertEquals(Verdict.WRONG_ANSWER, partial.verdict());
    assertEquals(
        List.of(
            new GroupResult("secret", Verdict.WRONG_ANSWER, 40, 100),
            new GroupResult("secret/g1", Verdict.ACCEPTED, 40, 40),
            new GroupResult("secret/g2", Verdict.WRONG_ANSWER, 0, 60)),
        partial.groups());
  }

  @Test
  void onRejectBreakStopsTheGroupAtItsFirstRejection() {
    ProblemPackage pkg = scoring(SUBTASKS, MIN_OF + "40\n", MIN_OF + "60\n").parse();
    List<String> ran = new ArrayList<>();
    Graded graded = grade(pkg, ran, Map.of("secret/g1/a1", Verdict.TIME_LIMIT));
    assertEquals(
        List.of("sample/1", "secret/g1/a1", "secret/g2/b1", "secret/g2/b2"),
        ran,
        "g1 breaks after a1; the root and secret continue");
    assertEquals(60, graded.score());
    assertEquals(Verdict.TIME_LIMIT, graded.verdict());
    assertEquals(
        Map.of(
            "sample/1",
            new CaseScore(1, 1),
            "secret/g1/a1",
            new CaseScore(0, 40),
            "secret/g2/b1",
            new CaseScore(60, 60),
            "secret/g2/b2",
            new CaseScore(60, 60)),
        graded.cases());
  }

  @Test
  void onRejectBreakIsTheDefaultAndStopsEverything() {
    ProblemPackage pkg = scoring("", "", "").parse();
    List<String> ran = new ArrayList<>();
    Graded graded = grade(pkg, ran, Map.of("sample/1", Verdict.WRONG_ANSWER));
    assertEquals(List.of("sample/1"), ran);
    assertEquals(0, graded.score());
    assertEquals(5, graded.maxScore(), "without a range, every case at accept_score 1");
  }

  @Test
  void onRejectContinueRunsEveryCase() {
    ProblemPackage pkg = scoring("on_reject: continue\n", "", "").parse();
    List<String> ran = new ArrayList<>();
    Graded graded = grade(pkg, ran, Map.of("secret/g1/a1", Verdict.WRONG_ANSWER));
    assertEquals(5, ran.size());
    assertEquals(4, graded.score());
  }

  @Test
  void worstErrorTakesTheWorstVerdictAndFirstErrorTheFirst() {
    String both = "on_reject: continue\ngrader_flags: ";
    Map<String, Verdict> wrong =
        Map.of("secret/g1/a1", Verdict.WRONG_ANSWER, "secret/g1/a2", Verdict.RUNTIME_ERROR);
    assertEquals(
        Verdict.RUNTIME_ERROR,
        grade(scoring(both + "worst_error\n", "", "").parse(), wrong).verdict());
    assertEquals(
        Verdict.WRONG_ANSWER,
        grade(scoring(both + "first_error\n", "", "").parse(), wrong).verdict());
  }

  @Test
  void alwaysAcceptAndAcceptIfAnyAcceptedAccept() {
    Map<String, Verdict> g1Wrong =
        Map.of("secret/g1/a1", Verdict.WRONG_ANSWER, "secret/g1/a2", Verdict.WRONG_ANSWER);
    ProblemPackage always =
        scoring("on_reject: continue\ngrader_flags: always_accept\n", "", "").parse();
    assertEquals(Verdict.ACCEPTED, grade(always, g1Wrong).verdict());
    ProblemPackage any =
        scoring("on_reject: continue\ngrader_flags: accept_if_any_accepted\n", "", "").parse();
    Graded graded = grade(any, g1Wrong);
    assertEquals(Verdict.ACCEPTED, graded.verdict());
    assertEquals(
        Verdict.WRONG_ANSWER,
        graded.groups().stream()
            .filter(g -> g.path().equals("secret/g1"))
            .findFirst()
            .orElseThrow()
            .verdict(),
        "g1 itself, with no case accepted, is still wrong");
  }

  @Test
  void scoreModesSumAverageMinimumAndMaximum() {
    Map<String, Verdict> a1Wrong = Map.of("secret/g1/a1", Verdict.WRONG_ANSWER);
    String continued = "on_reject: continue\naccept_score: 10\ngrader_flags: ";
    double[] expected = {10, 5, 0, 10};
    String[] modes = {"sum", "avg", "min", "max"};
    for (int i = 0; i < modes.length; i++) {
      ProblemPackage pkg =
          scoring(
                  "on_reject: continue\ngrader_flags: ignore_sample\n",
                  continued + modes[i] + "\n",
                  "accept_score: 0\n")
              .parse();
      assertEquals(expected[i], grade(pkg, a1Wrong).score(), modes[i]);
    }
  }

  @Test
  void rejectScoreCountsForRejectedCases() {
    ProblemPackage pkg =
        scoring("on_reject: continue\ngrader_flags: ignore_sample\n", "reject_score: -2\n", "")
            .parse();
    assertEquals(
        1, grade(pkg, Map.of("secret/g1/a1", Verdict.WRONG_ANSWER)).score(), "-2 + 1 + 1 + 1");
  }

  @Test
  void rangeClampsTheGroupsScore() {
    ProblemPackage pkg =
        scoring(
                "on_reject: continue\ngrader_flags: ignore_sample\n",
                "accept_score: 30\nrange: 0 50\n",
                "accept_score: 30\n")
            .parse();
    Graded graded = grade(pkg, Map.of());
    assertEquals(110, graded.score(), "g1's 60 clamped to 50, g2's 60");
    assertEquals(110, graded.maxScore());
  }

  @Test
  void ignoreSampleLeavesTheSampleOutOfVerdictAndScore() {
    ProblemPackage pkg =
        scoring("on_reject: continue\ngrader_flags: ignore_sample\n", "", "").parse();
    Graded graded = grade(pkg, Map.of("sample/1", Verdict.WRONG_ANSWER));
    assertEquals(Verdict.ACCEPTED, graded.verdict());
    assertEquals(4, graded.score());
    assertEquals(4, graded.maxScore());
    assertEquals(
        List.of("secret", "secret/g1", "secret/g2"),
        graded.groups().stream().map(GroupResult::path).toList());
  }

  @Test
  void aValidatorsScoreReplacesTheAcceptScore() {
    ProblemPackage pkg =
        scoring(SUBTASKS, "on_reject: continue\n", "on_reject: continue\n")
            .with("problem.yaml", "type: scoring\nvalidation: custom score\n")
            .with("output_validators/v/v.py", "")
            .parse();
    Graded graded =
        DefaultGrader.grade(
            pkg,
            (testCase, flags) ->
                new CaseOutcome(Verdict.ACCEPTED, OptionalDouble.of(12.5), OptionalDouble.empty()));
    assertEquals(50, graded.score());
  }

  @Test
  void aPassFailProblemKeepsAPointPerSecretCaseAndRunsThemAll() {
    ProblemPackage pkg =
        scoring(SUBTASKS, MIN_OF + "40\n", MIN_OF + "60\n").with("problem.yaml", "").parse();
    List<String> ran = new ArrayList<>();
    Graded graded =
        grade(
            pkg, ran, Map.of("sample/1", Verdict.WRONG_ANSWER, "secret/g1/a1", Verdict.TIME_LIMIT));
    assertEquals(5, ran.size());
    assertEquals(Verdict.WRONG_ANSWER, graded.verdict());
    assertEquals(3, graded.score());
    assertEquals(4, graded.maxScore());
    assertEquals(List.of(), graded.groups());
  }

  @Test
  void groupFlagsReachTheJudge() {
    ProblemPackage pkg =
        scoring(SUBTASKS, "output_validator_flags: case_sensitive\n", "")
            .with("problem.yaml", "type: scoring\nvalidator_flags: float_tolerance 0.1\n")
            .parse();
    List<String> seen = new ArrayList<>();
    DefaultGrader.grade(
        pkg,
        (testCase, flags) -> {
          seen.add(testCase.name() + " " + String.join(" ", flags));
          return CaseOutcome.of(Verdict.ACCEPTED);
        });
    assertEquals(
        List.of(
            "sample/1 float_tolerance 0.1",
            "secret/g1/a1 float_tolerance 0.1 case_sensitive",
            "secret/g1/a2 float_tolerance 0.1 case_sensitive",
            "secret/g2/b1 float_tolerance 0.1",
            "secret/g2/b2 float_tolerance 0.1"),
        seen);
  }

  // 2023-07

  private static TestZip modern(String secret, String g1, String g2) {
    return scoring("", "", "")
        .with("problem.yaml", "problem_format_version: 2023-07\ntype: scoring\n")
        .without("data/testdata.yaml")
        .with("data/secret/testdata.yaml", secret)
        .with("data/secret/g1/testdata.yaml", g1)
        .with("data/secret/g2/testdata.yaml", g2);
  }

  @Test
  void subgroupsOf2023ArePassFailSharesOfTheSecretHundred() {
    ProblemPackage pkg = modern("", "", "").parse();
    assertEquals(100, DefaultGrader.maxScore(pkg));
    List<String> ran = new ArrayList<>();
    Graded graded =
        grade(
            pkg,
            ran,
            Map.of("secret/g2/b2", Verdict.WRONG_ANSWER, "sample/1", Verdict.WRONG_ANSWER));
    assertEquals(5, ran.size(), "no case is skipped, samples run too");
    assertEquals(50, graded.score());
    assertEquals(Verdict.WRONG_ANSWER, graded.verdict());
    assertEquals(
        List.of(
            new GroupResult("secret/g1", Verdict.ACCEPTED, 50, 50),
            new GroupResult("secret/g2", Verdict.WRONG_ANSWER, 0, 50)),
        graded.groups());
  }

  @Test
  void explicit2023ScoresAndSumOrMinAggregation() {
    ProblemPackage pkg =
        modern(
                "scoring:\n  score: 30\n",
                "scoring:\n  score: 10\n  aggregation: sum\n",
                "scoring:\n  aggregation: min\n")
            .parse();
    assertEquals(30, DefaultGrader.maxScore(pkg));
    Graded graded =
        DefaultGrader.grade(
            pkg,
            (testCase, flags) ->
                testCase.name().equals("secret/g2/b1")
                    ? new CaseOutcome(
                        Verdict.ACCEPTED, OptionalDouble.empty(), OptionalDouble.of(0.5))
                    : CaseOutcome.of(
                        testCase.name().equals("secret/g1/a1")
                            ? Verdict.WRONG_ANSWER
                            : Verdict.ACCEPTED));
    assertEquals(5 + 10, graded.score(), "g1: a2's half of 10; g2: the min of 20 x 0.5 and 20");
    assertEquals(
        List.of(
            new GroupResult("secret/g1", Verdict.WRONG_ANSWER, 5, 10),
            new GroupResult("secret/g2", Verdict.ACCEPTED, 10, 20)),
        graded.groups());
  }

  @Test
  void subgroupScoresAboveTheParentsAreAPackageError() {
    ProblemPackage pkg =
        modern("scoring:\n  score: 30\n", "scoring:\n  score: 20\n", "scoring:\n  score: 20\n")
            .parse();
    assertTrue(
        assertThrows(InvalidPackageException.class, () -> DefaultGrader.maxScore(pkg))
            .getMessage()
            .contains("data/secret add up to 40.0, more than its score of 30.0"));
  }
}
