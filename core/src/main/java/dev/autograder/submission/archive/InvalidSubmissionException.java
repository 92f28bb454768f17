package dev.autograder.submission.archive;

/** A submission that breaks a rule (size, file count, path): the student is told which. */
public final class InvalidSubmissionException extends RuntimeException {
  public InvalidSubmissionException(String message) {
    super(message);
  }
}
