package dev.autograder.grader;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The score a custom validator or interactor of a scoring problem gives an accepted case, in its
 * feedback directory: score.txt (the score), or in the 2023-07 format score_multiplier.txt (a
 * fraction of the case's maximum).
 */
record ValidatorScore(OptionalDouble score, OptionalDouble multiplier) {
  static final String SCORE = "feedback/score.txt";
  static final String MULTIPLIER = "feedback/score_multiplier.txt";
  static final ValidatorScore NONE =
      new ValidatorScore(OptionalDouble.empty(), OptionalDouble.empty());

  /** The files a validator's step collects: {@code others} and the score files. */
  static List<String> andScoreFiles(String... others) {
    return Stream.concat(Arrays.stream(others), Stream.of(SCORE, MULTIPLIER)).toList();
  }

  /**
   * @throws SetupFailure when a file does not hold one non-negative number (a judge error)
   */
  static ValidatorScore from(Map<String, byte[]> collected, String program) {
    OptionalDouble score = number(collected.get(SCORE), program, "score.txt");
    OptionalDouble multiplier = number(collected.get(MULTIPLIER), program, "score_multiplier.txt");
    if (score.isPresent() && multiplier.isPresent()) {
      throw new SetupFailure("the " + program + " wrote both score.txt and score_multiplier.txt");
    }
    if (multiplier.isPresent() && multiplier.getAsDouble() > 1) {
      throw new SetupFailure(
          "the " + program + " wrote a score_multiplier.txt above 1: " + multiplier.getAsDouble());
    }
    return new ValidatorScore(score, multiplier);
  }

  private static OptionalDouble number(byte[] file, String program, String name) {
    if (file == null) {
      return OptionalDouble.empty();
    }
    String text = ProgramBuild.text(file).strip();
    try {
      double value = Double.parseDouble(text);
      if (value >= 0 && Double.isFinite(value) && text.matches("[0-9.eE+-]+")) {
        return OptionalDouble.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SetupFailure(
        "the "
            + program
            + " wrote a "
            + name
            + " that is not a non-negative number: '"
            + Feedback.tail(text)
            + "'");
  }
}
