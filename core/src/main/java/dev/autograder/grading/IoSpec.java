package dev.autograder.grading;

import java.util.List;
import java.util.Objects;

/**
 * IO tests: the program reads stdin (and arguments and input files) and its stdout is compared.
 *
 * @param entryPoint the Java main class or the Python file to run; null for the language default
 * @param checker the program that judges tests compared with {@link Comparison#CHECKER}, or null
 */
public record IoSpec(
    Language language, String entryPoint, List<IoTest> tests, CheckerProgram checker)
    implements GradingSpec {

  public IoSpec {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(tests, "tests");
    tests = List.copyOf(tests);
  }

  /**
   * The spec with only the tests a student sees before the due date: what a practice run is graded
   * on.
   */
  public IoSpec visibleTestsOnly() {
    return new IoSpec(
        language,
        entryPoint,
        tests.stream().filter(t -> t.visibility().shownToStudent(false, false)).toList(),
        checker);
  }

  @Override
  public double maxScore() {
    return tests.stream().mapToDouble(IoTest::points).sum();
  }
}
