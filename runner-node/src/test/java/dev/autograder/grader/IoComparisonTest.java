package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.CheckerProgram;
import dev.autograder.grading.Comparison;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.IoTest;
import dev.autograder.grading.Language;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.sandbox.TestFlavours;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IO tests beyond stdin: arguments, input files, every comparator, and a checker program. */
class IoComparisonTest {
  private static IoGrader grader;
  private static final ValidatorCache checkers = new ValidatorCache(4);
  private final Flavour flavour = TestFlavours.small();

  /**
   * Prints its arguments, then data.txt if present, then stdin, so each test can check one part.
   */
  private static final String ECHO =
      """
      import sys, os
      print(' '.join(sys.argv[1:]))
      if os.path.exists('data.txt'):
          print(open('data.txt').read().strip())
      print(sys.stdin.read().strip())
      """;

  @org.junit.jupiter.api.AfterAll
  static void closeCheckers() {
    checkers.close();
  }

  @BeforeAll
  static void connect() {
    grader = new IoGrader(TestFlavours.engine("io-test-" + UUID.randomUUID()), checkers);
  }

  private static IoTest test(
      String name,
      String stdin,
      List<String> args,
      Map<String, String> files,
      String expected,
      Comparison comparison,
      double abs,
      double rel) {
    return new IoTest(
        name, stdin, args, files, expected, comparison, abs, rel, 1, 3000, Visibility.VISIBLE);
  }

  private GradingResult grade(IoSpec spec, String source) {
    return grader.grade(
        spec,
        Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)),
        flavour,
        "io-test",
        progress -> {});
  }

  private void assertVerdicts(GradingResult r, Verdict... expected) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i],
          r.tests().get(i).verdict(),
          r.tests().get(i).name() + ": " + r.tests().get(i).feedback());
    }
  }

  @Test
  void argumentsAndInputFilesReachTheProgram() {
    var spec =
        new IoSpec(
            Language.PYTHON,
            null,
            List.of(
                test(
                    "args",
                    "in",
                    List.of("--mode", "fast"),
                    Map.of(),
                    "--mode fast\nin\n",
                    Comparison.EXACT,
                    0,
                    0),
                test(
                    "file",
                    "in",
                    List.of(),
                    Map.of("data.txt", "from a file"),
                    "\nfrom a file\nin\n",
                    Comparison.EXACT,
                    0,
                    0)),
            null);
    assertVerdicts(grade(spec, ECHO), Verdict.ACCEPTED, Verdict.ACCEPTED);
  }

  @Test
  void eachComparatorAcceptsWhatItShouldAndNothingElse() {
    var spec =
        new IoSpec(
            Language.PYTHON,
            null,
            List.of(
                test("ws-ok", "A  b", List.of(), Map.of(), "\nA b", Comparison.WHITESPACE, 0, 0),
                test("ws-case", "a b", List.of(), Map.of(), "\nA b", Comparison.WHITESPACE, 0, 0),
                test(
                    "case-ok",
                    "HELLO world",
                    List.of(),
                    Map.of(),
                    "\nhello WORLD",
                    Comparison.CASE_INSENSITIVE,
                    0,
                    0),
                test(
                    "float-ok",
                    "3.14159",
                    List.of(),
                    Map.of(),
                    "\n3.1416",
                    Comparison.FLOAT,
                    1e-3,
                    0),
                test(
                    "float-sci",
                    "3.14e-2",
                    List.of(),
                    Map.of(),
                    "\n0.0314",
                    Comparison.FLOAT,
                    0,
                    1e-6),
                test(
                    "float-far",
                    "3.2",
                    List.of(),
                    Map.of(),
                    "\n3.1416",
                    Comparison.FLOAT,
                    1e-3,
                    1e-3),
                test(
                    "regex-ok",
                    "took 12 ms",
                    List.of(),
                    Map.of(),
                    "\\s*took \\d+ ms\\s*",
                    Comparison.REGEX,
                    0,
                    0),
                test(
                    "regex-no",
                    "took many ms",
                    List.of(),
                    Map.of(),
                    "\\s*took \\d+ ms\\s*",
                    Comparison.REGEX,
                    0,
                    0)),
            null);
    var r = grade(spec, ECHO);
    assertVerdicts(
        r,
        Verdict.ACCEPTED,
        Verdict.WRONG_ANSWER,
        Verdict.ACCEPTED,
        Verdict.ACCEPTED,
        Verdict.ACCEPTED,
        Verdict.WRONG_ANSWER,
        Verdict.ACCEPTED,
        Verdict.WRONG_ANSWER);
    assertEquals(5.0, r.score());
    assertEquals(Verdict.WRONG_ANSWER, r.verdict());
  }

  @Test
  void aCheckerJudgesInASandboxOfItsOwn() {
    // Accepts any two numbers that add up to the input; says why it rejects.
    String checker =
        """
        import sys
        n = int(open(sys.argv[1]).read())
        words = sys.stdin.read().split()
        ok = len(words) == 2 and all(w.isdigit() for w in words) and int(words[0]) + int(words[1]) == n
        if not ok:
            open(sys.argv[3] + 'judgemessage.txt', 'w').write(f'{words} do not add up to {n}')
        sys.exit(42 if ok else 43)
        """;
    var spec =
        new IoSpec(
            Language.PYTHON,
            null,
            List.of(
                test("sum-10", "10", List.of(), Map.of(), "(any pair)", Comparison.CHECKER, 0, 0),
                test("sum-7", "7", List.of(), Map.of(), "(any pair)", Comparison.CHECKER, 0, 0)),
            new CheckerProgram(Language.PYTHON, Map.of("checker.py", checker), null));
    var r = grade(spec, "n = int(input())\nprint(1, n - 1 if n % 2 == 0 else n)\n");
    assertVerdicts(r, Verdict.ACCEPTED, Verdict.WRONG_ANSWER);
    assertTrue(
        r.tests().get(1).feedback().contains("do not add up to 7"), r.tests().get(1).feedback());
  }

  @Test
  void aBrokenCheckerIsTheAssignmentsFailureNotTheStudents() {
    var spec =
        new IoSpec(
            Language.PYTHON,
            null,
            List.of(test("t", "1", List.of(), Map.of(), "x", Comparison.CHECKER, 0, 0)),
            new CheckerProgram(
                Language.PYTHON, Map.of("checker.py", "import sys\nsys.exit(3)\n"), null));
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SetupFailure.class, () -> grade(spec, "print(1)\n"));
    assertTrue(e.getMessage().contains("the output validator failed (exit 3"), e.getMessage());
  }

  @Test
  void aCheckerIsBuiltOncePerVersionNotPerSubmission() {
    // A kept checker's judgements run in the container it was built in, each under the next uid.
    String checker =
        """
        import os, socket, sys
        open(sys.argv[3] + 'judgemessage.txt', 'w').write(f'{socket.gethostname()} {os.getuid()}')
        sys.exit(43)
        """;
    var spec =
        new IoSpec(
            Language.PYTHON,
            null,
            List.of(test("t", "1", List.of(), Map.of(), "x", Comparison.CHECKER, 0, 0)),
            new CheckerProgram(Language.PYTHON, Map.of("counting_checker.py", checker), null));
    String[] first = grade(spec, "print(1)\n").tests().get(0).feedback().split(" ");
    String[] second = grade(spec, "print(2)\n").tests().get(0).feedback().split(" ");
    assertEquals(
        first[0],
        second[0],
        "the second submission was judged in the first one's checker container");
    assertEquals(Integer.parseInt(first[1]) + 1, Integer.parseInt(second[1]), "and by a fresh uid");
  }
}
