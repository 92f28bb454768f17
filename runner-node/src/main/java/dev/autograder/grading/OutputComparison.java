package dev.autograder.grading;

import java.util.Arrays;

/** Compares a program's output with the expected output, outside the sandbox. */
final class OutputComparison {
  private OutputComparison() {}

  static boolean matches(Comparison comparison, String expected, String actual) {
    return switch (comparison) {
      case EXACT -> expected.equals(actual);
      case WHITESPACE -> Arrays.equals(words(expected), words(actual));
    };
  }

  private static String[] words(String s) {
    String t = s.strip();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }
}
