package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.ContentHash;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GroupResult;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.problem.DefaultGrader;
import dev.autograder.problem.ProblemPackage;
import dev.autograder.sandbox.TestFlavours;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scoring problem packages with subtasks, graded through the real sandbox. */
class ScoringProblemTest {
  private static final ValidatorCache validators = new ValidatorCache(2);
  private static ProblemGrader grader;

  @BeforeAll
  static void connect() {
    grader =
        new ProblemGrader(TestFlavours.engine("scoring-test-" + UUID.randomUUID()), validators);
  }

  @AfterAll
  static void close() {
    validators.close();
  }

  /** Sums: 40 points for small numbers, 60 for big ones, each subtask all or nothing. */
  private static Map<String, String> subtasks() {
    Map<String, String> files =
        new HashMap<>(
            Map.of(
                "problem.yaml",
                "name: Sums\ntype: scoring\n",
                ".timelimit",
                "2\n",
                "data/testdata.yaml",
                "on_reject: continue\nrange: 0 100\ngrader_flags: ignore_sample\n",
                "data/sample/1.in",
                "1 2\n",
                "data/sample/1.ans",
                "3\n",
                "data/secret/1-small/testdata.yaml",
                "on_reject: break\naccept_score: 40\ngrader_flags: min\n",
                "data/secret/1-small/1.in",
                "2 2\n",
                "data/secret/1-small/1.ans",
                "4\n",
                "data/secret/1-small/2.in",
                "5 6\n",
                "data/secret/1-small/2.ans",
                "11\n"));
    files.putAll(
        Map.of(
            "data/secret/2-big/testdata.yaml",
            "on_reject: break\naccept_score: 60\ngrader_flags: min\n",
            "data/secret/2-big/1.in",
            "1000 2000\n",
            "data/secret/2-big/1.ans",
            "3000\n",
            "data/secret/2-big/2.in",
            "5000 5\n",
            "data/secret/2-big/2.ans",
            "5005\n"));
    return files;
  }

  private static GradingResult grade(byte[] pkg, String solution) {
    ProblemPackage parsed = ProblemPackage.parse(pkg, 1 << 20);
    var spec =
        new ProblemSpec(ContentHash.sha256(pkg), parsed.name(), 4, DefaultGrader.maxScore(parsed));
    return grader.grade(
        spec,
        pkg,
        Map.of("sum.py", solution.getBytes(StandardCharsets.UTF_8)),
        TestFlavours.small(),
        "scoring-test",
        progress -> {});
  }

  private static final String CORRECT = "a, b = map(int, input().split())\nprint(a + b)\n";

  /** Right while both numbers are below 1000. */
  private static final String SMALL_ONLY =
      "a, b = map(int, input().split())\nprint(a + b if a < 1000 else 0)\n";

  @Test
  void aSubtaskScoringPackageScoresEachGroupOnThePackagesScale() throws Exception {
    byte[] pkg = TestArchives.zip(subtasks());
    GradingResult full = grade(pkg, CORRECT);
    assertEquals(Verdict.ACCEPTED, full.verdict(), full.toString());
    assertEquals(100, full.score());
    assertEquals(100, full.maxScore());

    GradingResult partial = grade(pkg, SMALL_ONLY);
    assertEquals(Verdict.WRONG_ANSWER, partial.verdict(), partial.toString());
    assertEquals(40, partial.score(), partial.toString());
    assertEquals(
        List.of(
            new GroupResult("secret", Verdict.WRONG_ANSWER, 40, 100),
            new GroupResult("secret/1-small", Verdict.ACCEPTED, 40, 40),
            new GroupResult("secret/2-big", Verdict.WRONG_ANSWER, 0, 60)),
        partial.groups());
    assertEquals(
        List.of("sample/1", "secret/1-small/1", "secret/1-small/2", "secret/2-big/1"),
        partial.tests().stream().map(TestVerdict::name).toList(),
        "2-big breaks at its first wrong answer");
  }

  @Test
  void aCustomValidatorsScoreTxtScoresTheCase() throws Exception {
    Map<String, String> files = new HashMap<>(subtasks());
    files.put("problem.yaml", "name: Sums\ntype: scoring\nvalidation: custom score\n");
    files.put("data/testdata.yaml", "on_reject: continue\ngrader_flags: ignore_sample\n");
    files.remove("data/secret/1-small/testdata.yaml");
    files.remove("data/secret/2-big/testdata.yaml");
    // Half marks for an answer off by one, full marks (2.5) when right.
    files.put(
        "output_validators/close/validate.py",
        """
        import sys
        answer = int(open(sys.argv[2]).read())
        got = int(sys.stdin.read())
        if abs(got - answer) > 1:
            sys.exit(43)
        with open(sys.argv[3] + 'score.txt', 'w') as f:
            f.write('2.5' if got == answer else '1.25')
        sys.exit(42)
        """);
    byte[] pkg = TestArchives.zip(files);
    GradingResult r =
        grade(pkg, "a, b = map(int, input().split())\nprint(a + b + (1 if a >= 1000 else 0))\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
    assertEquals(2.5 + 2.5 + 1.25 + 1.25, r.score(), r.toString());
  }

  @Test
  void aPassFailProblemIgnoresWhatItsValidatorWritesToScoreTxt() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            Map.of(
                "problem.yaml",
                "name: Sums\nvalidation: custom\n",
                ".timelimit",
                "2\n",
                "data/secret/1.in",
                "1 2\n",
                "data/secret/1.ans",
                "3\n",
                "output_validators/v/validate.py",
                """
            import sys
            with open(sys.argv[3] + 'score.txt', 'w') as f:
                f.write('full marks')
            sys.exit(42 if int(sys.stdin.read()) == int(open(sys.argv[2]).read()) else 43)
            """));
    GradingResult r =
        grader.grade(
            new ProblemSpec(ContentHash.sha256(pkg), "Sums", 1),
            pkg,
            Map.of("sum.py", CORRECT.getBytes(StandardCharsets.UTF_8)),
            TestFlavours.small(),
            "scoring-test",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
    assertEquals(1.0, r.score());
  }
}
