package dev.autograder.problem;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The Kattis / ICPC default output validator: compares the output with the answer token by token,
 * ignoring case and the amount of whitespace unless flags say otherwise, and comparing numbers
 * within a tolerance when one is given.
 */
public final class DefaultOutputValidator {

  private static final int SHOWN_CHARACTERS = 50;

  private DefaultOutputValidator() {}

  /**
   * @param answer the judges' answer file
   * @param output what the submission wrote
   * @param flags problem.yaml's validator_flags
   * @throws IllegalArgumentException for an unknown flag or a tolerance that is not a number
   */
  public static Judgement judge(String answer, String output, List<String> flags) {
    ValidatorFlags options = ValidatorFlags.parse(flags);
    TokenCursor expected = new TokenCursor(answer);
    TokenCursor actual = new TokenCursor(output);
    while (true) {
      boolean expectedMore = expected.advance();
      boolean actualMore = actual.advance();
      if (!expectedMore && !actualMore) {
        break;
      }
      if (!expectedMore) {
        return Judgement.wrongAnswer(
            expected.index() == 0
                ? "the output should be empty, got '" + shown(actual.token()) + "'"
                : "the output has extra tokens after token " + expected.index());
      }
      if (!actualMore) {
        return Judgement.wrongAnswer(
            "the output has fewer tokens than expected ("
                + actual.index()
                + " of "
                + expected.countAll()
                + ")");
      }
      if (options.spaceChangeSensitive() && !expected.spaceBefore().equals(actual.spaceBefore())) {
        return Judgement.wrongAnswer(
            where(actual)
                + "expected whitespace '"
                + shown(expected.spaceBefore())
                + "' before it, got '"
                + shown(actual.spaceBefore())
                + "'");
      }
      String difference = difference(expected.token(), actual.token(), options);
      if (difference != null) {
        return Judgement.wrongAnswer(where(actual) + difference);
      }
    }
    if (options.spaceChangeSensitive() && !expected.spaceBefore().equals(actual.spaceBefore())) {
      return Judgement.wrongAnswer(
          "the whitespace at the end differs: expected '"
              + shown(expected.spaceBefore())
              + "', got '"
              + shown(actual.spaceBefore())
              + "'");
    }
    return Judgement.ACCEPTED;
  }

  /** Why the output token does not match the expected one, or null when it does. */
  private static String difference(String expected, String actual, ValidatorFlags options) {
    OptionalDouble expectedNumber =
        options.comparesFloats() ? FloatToken.parse(expected) : OptionalDouble.empty();
    if (expectedNumber.isPresent()) {
      OptionalDouble actualNumber = FloatToken.parse(actual);
      if (actualNumber.isEmpty()) {
        return "expected a number like '" + shown(expected) + "', got '" + shown(actual) + "'";
      }
      return withinTolerance(expectedNumber.getAsDouble(), actualNumber.getAsDouble(), options)
          ? null
          : "expected '"
              + shown(expected)
              + "', got '"
              + shown(actual)
              + "' (beyond the tolerance)";
    }
    boolean same =
        options.caseSensitive()
            ? expected.equals(actual)
            : equalIgnoringAsciiCase(expected, actual);
    return same ? null : "expected '" + shown(expected) + "', got '" + shown(actual) + "'";
  }

  private static boolean withinTolerance(double expected, double actual, ValidatorFlags options) {
    if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
      // Only the same infinity, or nan for nan, matches: no distance to a non-finite value is
      // small.
      return Double.isNaN(expected) ? Double.isNaN(actual) : expected == actual;
    }
    double distance = Math.abs(expected - actual);
    // A tolerance that is not set is -1, which no distance is within.
    return distance <= options.absoluteTolerance().orElse(-1)
        || distance <= options.relativeTolerance().orElse(-1) * Math.abs(expected);
  }

  /** C's strcasecmp folds only A-Z; so does this, so that accents still count. */
  private static boolean equalIgnoringAsciiCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (lowerAscii(a.charAt(i)) != lowerAscii(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static String where(TokenCursor actual) {
    return "token " + actual.index() + " (line " + actual.line() + "): ";
  }

  /** A token or whitespace made printable and short enough for a feedback line. */
  private static String shown(String text) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < text.length() && i < SHOWN_CHARACTERS; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> shown.append("\\n");
        case '\r' -> shown.append("\\r");
        case '\t' -> shown.append("\\t");
        default -> shown.append(Character.isISOControl(c) ? '?' : c);
      }
    }
    return text.length() > SHOWN_CHARACTERS ? shown + "..." : shown.toString();
  }
}
