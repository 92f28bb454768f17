package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ContentHash;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.sandbox.TestFlavours;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Problem packages without an explicit time limit: the Kattis rule derives it from the judge
 * solutions.
 */
class ProblemGraderTest {
  private static final ValidatorCache validators = new ValidatorCache(2);
  private static ProblemGrader grader;

  @BeforeAll
  static void connect() {
    grader =
        new ProblemGrader(TestFlavours.engine("problem-test-" + UUID.randomUUID()), validators);
  }

  @AfterAll
  static void close() {
    validators.close();
  }

  private static String sleeper(double seconds) {
    return "import time\ntime.sleep(" + seconds + ")\nprint(sum(map(int, input().split())))\n";
  }

  @Test
  void theTimeLimitIsTheSlowestJudgeSolutionTimesTheMultiplier() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            Map.of(
                "problem.yaml",
                "name: Slow sum\nlimits:\n  time_multiplier: 5\n",
                "data/secret/1.in",
                "1 2\n",
                "data/secret/1.ans",
                "3\n",
                "submissions/accepted/judge.py",
                sleeper(0.3)));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Slow sum", 1);
    var fast =
        grader.grade(
            spec,
            pkg,
            Map.of("a.py", sleeper(1.0).getBytes(StandardCharsets.UTF_8)),
            TestFlavours.small(),
            "problem-test",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, fast.verdict(), "1.0 s is within about 5 x 0.3 s: " + fast);
    var slow =
        grader.grade(
            spec,
            pkg,
            Map.of("a.py", sleeper(2.5).getBytes(StandardCharsets.UTF_8)),
            TestFlavours.small(),
            "problem-test",
            progress -> {});
    assertEquals(Verdict.TIME_LIMIT, slow.verdict(), slow.toString());
    String feedback = slow.tests().get(0).feedback();
    long limit = Long.parseLong(feedback.replaceAll("\\D+", " ").trim().split(" ")[0]);
    assertTrue(limit >= 1500 && limit <= 2500, "derived limit " + limit + " ms");
  }

  @Test
  void theSubmissionsLanguageFollowsItsFiles() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            Map.of(
                "problem.yaml",
                "name: Sum\n",
                ".timelimit",
                "2\n",
                "data/secret/1.in",
                "1 2\n",
                "data/secret/1.ans",
                "3\n"));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);
    var mixed =
        grader.grade(
            spec,
            pkg,
            Map.of("a.py", "x".getBytes(), "b.c", "y".getBytes()),
            TestFlavours.small(),
            "problem-test",
            progress -> {});
    assertEquals(Verdict.COMPILE_ERROR, mixed.verdict());
    assertTrue(mixed.compileOutput().contains("one language"), mixed.compileOutput());
    var c =
        grader.grade(
            spec,
            pkg,
            Map.of(
                "sum.c",
                "#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); }\n"
                    .getBytes(StandardCharsets.UTF_8)),
            TestFlavours.small(),
            "problem-test",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, c.verdict(), c.toString());
    assertEquals(
        List.of(Visibility.HIDDEN),
        c.tests().stream().map(TestVerdict::visibility).toList(),
        "secret cases are hidden from students");
  }

  private static final String JAVA_SUM =
      """
      package %s;
      import java.util.Scanner;
      public class %s {
        public static void main(String[] args) {
          Scanner in = new Scanner(System.in);
          System.out.println(in.nextInt() + in.nextInt());
        }
      }
      """;

  @Test
  void javaJudgeSolutionsAndSubmissionsRunTheClassThatDeclaresMain() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            Map.of(
                "problem.yaml",
                "name: Sum\n",
                "data/secret/1.in",
                "1 2\n",
                "data/secret/1.ans",
                "3\n",
                "submissions/accepted/Different.java",
                JAVA_SUM.formatted("judge.sums", "Different")));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);
    var r =
        grader.grade(
            spec,
            pkg,
            Map.of(
                "Adder.java",
                JAVA_SUM.formatted("student", "Adder").getBytes(StandardCharsets.UTF_8)),
            TestFlavours.small(),
            "problem-test",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
    assertTrue(r.compileOutput().contains("main class student.Adder"), r.compileOutput());
  }

  @Test
  void twoJavaMainsThatNoRulePicksAreACompileError() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            Map.of(
                "problem.yaml",
                "name: Sum\n",
                ".timelimit",
                "2\n",
                "data/secret/1.in",
                "1 2\n",
                "data/secret/1.ans",
                "3\n"));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);
    var r =
        grader.grade(
            spec,
            pkg,
            Map.of(
                "A.java", JAVA_SUM.formatted("p", "A").getBytes(StandardCharsets.UTF_8),
                "B.java", JAVA_SUM.formatted("p", "B").getBytes(StandardCharsets.UTF_8)),
            TestFlavours.small(),
            "problem-test",
            progress -> {});
    assertEquals(Verdict.COMPILE_ERROR, r.verdict(), r.toString());
    assertTrue(
        r.compileOutput().contains("several classes declare main (p.A, p.B)"), r.compileOutput());
  }

  /** Guess a number in 1..1000 in at most 10 guesses; the secret is the test case's input. */
  private static final String INTERACTOR =
      """
      import sys
      feedback = sys.argv[3]
      def reject(why):
          with open(feedback + 'judgemessage.txt', 'w') as f:
              f.write(why)
          sys.exit(43)
      secret = int(open(sys.argv[1]).read())
      for guesses in range(10):
          line = sys.stdin.readline()
          if not line:
              reject('the program stopped guessing')
          guess = int(line)
          try:
              print('correct' if guess == secret else 'higher' if guess < secret else 'lower', flush=True)
          except BrokenPipeError:
              reject('the program stopped listening')
          if guess == secret:
              sys.exit(42)
      reject('no guesses left')
      """;

  private static byte[] interactivePackage(
      String problemYaml, String interactorPath, String interactor) throws Exception {
    return TestArchives.zip(
        Map.of(
            "problem.yaml",
            problemYaml,
            ".timelimit",
            "2\n",
            "data/sample/1.in",
            "500\n",
            "data/sample/1.ans",
            "500\n",
            "data/secret/1.in",
            "777\n",
            "data/secret/1.ans",
            "777\n",
            "data/secret/2.in",
            "1\n",
            "data/secret/2.ans",
            "1\n",
            interactorPath,
            interactor));
  }

  private static GradingResult gradeInteractive(byte[] pkg, String solution) {
    return grader.grade(
        new ProblemSpec(ContentHash.sha256(pkg), "Guess", 2),
        pkg,
        Map.of("guess.py", solution.getBytes(StandardCharsets.UTF_8)),
        TestFlavours.small(),
        "problem-test",
        progress -> {});
  }

  private static final String BISECT =
      """
      lo, hi = 1, 1000
      while True:
          mid = (lo + hi) // 2
          print(mid, flush=True)
          answer = input()
          if answer == 'correct':
              break
          lo, hi = (mid + 1, hi) if answer == 'higher' else (lo, mid - 1)
      """;

  @Test
  void anInteractiveSolutionTalksToTheInteractorAndIsAccepted() throws Exception {
    byte[] legacy =
        interactivePackage(
            "validation: custom interactive\n",
            "output_validators/guess/interactor.py",
            INTERACTOR);
    var r = gradeInteractive(legacy, BISECT);
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
    assertEquals(2.0, r.score());
    byte[] modern =
        interactivePackage(
            "problem_format_version: 2023-07-draft\ntype: interactive\n",
            "output_validator/interactor.py",
            INTERACTOR);
    assertEquals(Verdict.ACCEPTED, gradeInteractive(modern, BISECT).verdict());
  }

  @Test
  void anInteractorsRejectionWinsOverTheCrashItCausedByEndingFirst() throws Exception {
    byte[] pkg =
        interactivePackage(
            "validation: custom interactive\n", "output_validators/i.py", INTERACTOR);
    // Guessing upwards runs out of guesses on 777; the interactor then ends, and input() fails.
    var r =
        gradeInteractive(
            pkg,
            "g = 0\nwhile True:\n    g += 1\n    print(g, flush=True)\n"
                + "    if input() == 'correct':\n        break\n");
    assertEquals(Verdict.WRONG_ANSWER, r.verdict(), r.toString());
    TestVerdict secret =
        r.tests().stream().filter(t -> t.name().equals("secret/1")).findFirst().orElseThrow();
    assertEquals(Verdict.WRONG_ANSWER, secret.verdict(), secret.toString());
    assertEquals("no guesses left", secret.feedback());
    assertEquals(1.0, r.score(), "secret/2 (1) is found at once");
  }

  @Test
  void anInteractiveSolutionThatCrashesFirstIsARuntimeError() throws Exception {
    byte[] pkg =
        interactivePackage(
            "validation: custom interactive\n", "output_validators/i.py", INTERACTOR);
    var r = gradeInteractive(pkg, "import sys\nsys.exit(3)\n");
    assertEquals(Verdict.RUNTIME_ERROR, r.verdict(), r.toString());
    assertTrue(
        r.tests().stream().allMatch(t -> t.verdict() == Verdict.RUNTIME_ERROR), r.toString());
  }

  @Test
  void anInteractiveSolutionThatNeverAnswersHitsTheTimeLimit() throws Exception {
    byte[] pkg =
        interactivePackage(
            "validation: custom interactive\n", "output_validators/i.py", INTERACTOR);
    var r = gradeInteractive(pkg, "while True:\n    pass\n");
    assertEquals(Verdict.TIME_LIMIT, r.verdict(), r.toString());
  }

  @Test
  void anInteractorThatDoesNotBuildIsThePackagesFailure() throws Exception {
    byte[] pkg =
        interactivePackage(
            "validation: custom interactive\n",
            "output_validators/i.c",
            "int main( { return 42; }\n");
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SetupFailure.class, () -> gradeInteractive(pkg, BISECT));
    assertTrue(e.getMessage().contains("the interactor does not build"), e.getMessage());
  }
}
