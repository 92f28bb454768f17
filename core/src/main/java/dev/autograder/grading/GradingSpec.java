package dev.autograder.grading;

import java.util.List;
import java.util.Objects;

/**
 * How an assignment is graded: the language, the program's entry point, and its IO tests.
 *
 * @param entryPoint the Java main class or the Python file to run; null for the language default
 */
public record GradingSpec(Language language, String entryPoint, List<IoTest> tests) {

  public GradingSpec {
    Objects.requireNonNull(language, "language");
    tests = List.copyOf(tests);
  }

  public double maxScore() {
    return tests.stream().mapToDouble(IoTest::points).sum();
  }
}
