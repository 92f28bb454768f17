package dev.autograder.problem;

/**
 * An output validator's decision on one test case.
 *
 * @param message for a wrong answer, where the output first differs from the answer
 */
public record Judgement(boolean accepted, String message) {

  static final Judgement ACCEPTED = new Judgement(true, "accepted");

  static Judgement wrongAnswer(String message) {
    return new Judgement(false, message);
  }
}
