package dev.autograder.grader;

/**
 * The assignment's own machinery failed (a checker that does not build, an autograder whose
 * setup.sh fails, a harness that writes no results): not the student's fault, and the message is
 * for the instructor.
 */
public final class SetupFailure extends RuntimeException {
  public SetupFailure(String message) {
    super(message);
  }
}
