package dev.autograder.problem;

import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads a token as a floating-point number the way C's strtod would read a whole token: decimal
 * with optional exponent, or inf, infinity or nan in any case. Java's own parser would also take
 * "1.5d" or "Infinity" only, so it is used only once the syntax is known to be right.
 */
final class FloatToken {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INFINITY = Pattern.compile("[+-]?(?i:inf|infinity)");
  private static final Pattern NAN = Pattern.compile("[+-]?(?i:nan)");

  private FloatToken() {}

  static OptionalDouble parse(String token) {
    if (DECIMAL.matcher(token).matches()) {
      return OptionalDouble.of(Double.parseDouble(token));
    }
    if (INFINITY.matcher(token).matches()) {
      return OptionalDouble.of(
          token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (NAN.matcher(token).matches()) {
      return OptionalDouble.of(Double.NaN);
    }
    return OptionalDouble.empty();
  }
}
