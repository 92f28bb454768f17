package dev.autograder.grader;

import dev.autograder.grading.IoTest;
import dev.autograder.problem.DefaultOutputValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Judges a program's output against the expected output, outside the sandbox. The token-based
 * comparisons are the Kattis default output validator with the matching flags, so IO tests and
 * problem packages judge alike.
 */
final class OutputComparison {
  /**
   * An instructor's regular expression gets this long on one output before it counts as no match.
   */
  private static final long REGEX_BUDGET_NANOS = 2_000_000_000L;

  private OutputComparison() {}

  /** Empty when the output is accepted, else the feedback saying why not. */
  static Optional<String> judge(IoTest test, String actual) {
    String expected = test.expectedStdout();
    return switch (test.comparison()) {
      case EXACT ->
          expected.equals(actual)
              ? Optional.empty()
              : Optional.of(Feedback.firstDifference(expected, actual));
      case WHITESPACE -> tokens(expected, actual, List.of("case_sensitive"));
      case CASE_INSENSITIVE -> tokens(expected, actual, List.of());
      case FLOAT -> tokens(expected, actual, floatFlags(test));
      case REGEX -> regex(expected, actual);
      case CHECKER ->
          throw new IllegalArgumentException("a checker judges this test, not a comparison");
    };
  }

  private static List<String> floatFlags(IoTest test) {
    List<String> flags = new ArrayList<>(List.of("case_sensitive"));
    if (test.absoluteTolerance() > 0) {
      flags.addAll(List.of("float_absolute_tolerance", Double.toString(test.absoluteTolerance())));
    }
    if (test.relativeTolerance() > 0) {
      flags.addAll(List.of("float_relative_tolerance", Double.toString(test.relativeTolerance())));
    }
    return flags;
  }

  private static Optional<String> tokens(String expected, String actual, List<String> flags) {
    var judgement = DefaultOutputValidator.judge(expected, actual, flags);
    return judgement.accepted() ? Optional.empty() : Optional.of(judgement.message());
  }

  private static Optional<String> regex(String expected, String actual) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(expected, Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      return Optional.of("the test's expected pattern is not a valid regular expression");
    }
    try {
      boolean matches =
          pattern.matcher(new Deadline(actual, System.nanoTime() + REGEX_BUDGET_NANOS)).matches();
      return matches
          ? Optional.empty()
          : Optional.of("the output does not match the expected pattern");
    } catch (Deadline.Passed e) {
      return Optional.of("matching the output against the expected pattern took too long");
    }
  }

  /**
   * A text that stops a runaway regular expression: matching reads characters, and time runs out.
   */
  private record Deadline(CharSequence text, long deadlineNanos) implements CharSequence {
    static final class Passed extends RuntimeException {
      Passed() {
        super(null, null, false, false);
      }
    }

    @Override
    public char charAt(int index) {
      if ((index & 0xff) == 0 && System.nanoTime() > deadlineNanos) {
        throw new Passed();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Deadline(text.subSequence(start, end), deadlineNanos);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
