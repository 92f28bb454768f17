package dev.autograder.problem;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The limits a problem asks for. Without an explicit time limit it is derived from the accepted
 * solutions' running time: times {@code timeMultiplier}, rounded up to {@code
 * timeResolutionSeconds}.
 *
 * @param timeMultiplier legacy time_multiplier (default 5), 2023-07
 *     time_multipliers.ac_to_time_limit (2.0)
 * @param timeSafetyMargin legacy time_safety_margin (default 2), 2023-07
 *     time_multipliers.time_limit_to_tle (1.5): how much slower than the limit a too-slow solution
 *     must be
 * @param timeResolutionSeconds 2023-07 time_resolution (default 1.0); a whole second in the legacy
 *     format
 * @param memoryMib memory limit in MiB, when the package sets one
 * @param outputMib output size limit in MiB, when the package sets one
 * @param timeLimitSeconds an explicit time limit, from problem.yaml or the package's .timelimit
 *     file
 */
public record Limits(
    double timeMultiplier,
    double timeSafetyMargin,
    double timeResolutionSeconds,
    OptionalLong memoryMib,
    OptionalLong outputMib,
    OptionalDouble timeLimitSeconds) {

  public static final double DEFAULT_TIME_MULTIPLIER = 5;
  public static final double DEFAULT_TIME_SAFETY_MARGIN = 2;
  public static final double DEFAULT_AC_TO_TIME_LIMIT = 2.0;
  public static final double DEFAULT_TIME_LIMIT_TO_TLE = 1.5;
  public static final double DEFAULT_TIME_RESOLUTION = 1.0;

  /** The legacy format's defaults. */
  public static Limits defaults() {
    return new Limits(
        DEFAULT_TIME_MULTIPLIER,
        DEFAULT_TIME_SAFETY_MARGIN,
        DEFAULT_TIME_RESOLUTION,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalDouble.empty());
  }

  /** The 2023-07 format's defaults. */
  public static Limits defaults2023() {
    return new Limits(
        DEFAULT_AC_TO_TIME_LIMIT,
        DEFAULT_TIME_LIMIT_TO_TLE,
        DEFAULT_TIME_RESOLUTION,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalDouble.empty());
  }

  public Limits withTimeLimitSeconds(double seconds) {
    return new Limits(
        timeMultiplier,
        timeSafetyMargin,
        timeResolutionSeconds,
        memoryMib,
        outputMib,
        OptionalDouble.of(seconds));
  }
}
