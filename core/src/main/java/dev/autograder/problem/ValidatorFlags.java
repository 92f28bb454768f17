package dev.autograder.problem;

import java.util.List;
import java.util.OptionalDouble;

/** The default output validator's flags, as problem.yaml's validator_flags gives them. */
record ValidatorFlags(
    boolean caseSensitive,
    boolean spaceChangeSensitive,
    OptionalDouble absoluteTolerance,
    OptionalDouble relativeTolerance) {

  boolean comparesFloats() {
    return absoluteTolerance.isPresent() || relativeTolerance.isPresent();
  }

  /**
   * @throws IllegalArgumentException naming an unknown flag or a tolerance that is not a number
   */
  static ValidatorFlags parse(List<String> flags) {
    boolean caseSensitive = false;
    boolean spaceChangeSensitive = false;
    OptionalDouble absolute = OptionalDouble.empty();
    OptionalDouble relative = OptionalDouble.empty();
    for (int i = 0; i < flags.size(); i++) {
      String flag = flags.get(i);
      switch (flag) {
        case "case_sensitive" -> caseSensitive = true;
        case "space_change_sensitive" -> spaceChangeSensitive = true;
        case "float_absolute_tolerance" -> absolute = tolerance(flags, ++i);
        case "float_relative_tolerance" -> relative = tolerance(flags, ++i);
        case "float_tolerance" -> {
          absolute = tolerance(flags, ++i);
          relative = absolute;
        }
        default -> throw new IllegalArgumentException("unknown validator flag '" + flag + "'");
      }
    }
    return new ValidatorFlags(caseSensitive, spaceChangeSensitive, absolute, relative);
  }

  private static OptionalDouble tolerance(List<String> flags, int index) {
    String flag = flags.get(index - 1);
    if (index >= flags.size()) {
      throw new IllegalArgumentException("the validator flag " + flag + " needs a number after it");
    }
    OptionalDouble tolerance = FloatToken.parse(flags.get(index));
    if (tolerance.isEmpty()
        || !(tolerance.getAsDouble() >= 0)
        || Double.isInfinite(tolerance.getAsDouble())) {
      throw new IllegalArgumentException(
          "the validator flag "
              + flag
              + " needs a non-negative number, not '"
              + flags.get(index)
              + "'");
    }
    return tolerance;
  }
}
