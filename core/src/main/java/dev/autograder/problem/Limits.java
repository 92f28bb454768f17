package dev.autograder.problem;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The limits a problem asks for. In the legacy format the time limit is derived from the accepted
 * solutions' running time (times {@code timeMultiplier}), so an explicit limit is optional.
 *
 * @param memoryMib memory limit in MiB, when the package sets one
 * @param outputMib output size limit in MiB, when the package sets one
 * @param timeLimitSeconds an explicit time limit, from problem.yaml or the package's .timelimit file
 */
public record Limits(
    double timeMultiplier,
    double timeSafetyMargin,
    OptionalLong memoryMib,
    OptionalLong outputMib,
    OptionalDouble timeLimitSeconds) {

  public static final double DEFAULT_TIME_MULTIPLIER = 5;
  public static final double DEFAULT_TIME_SAFETY_MARGIN = 2;

  public static Limits defaults() {
    return new Limits(
        DEFAULT_TIME_MULTIPLIER, DEFAULT_TIME_SAFETY_MARGIN, OptionalLong.empty(), OptionalLong.empty(),
        OptionalDouble.empty());
  }

  public Limits withTimeLimitSeconds(double seconds) {
    return new Limits(timeMultiplier, timeSafetyMargin, memoryMib, outputMib, OptionalDouble.of(seconds));
  }
}
