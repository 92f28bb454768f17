package dev.autograder.problem;

/** A problem package that cannot be used; the message tells the instructor what to fix. */
public final class InvalidPackageException extends RuntimeException {
  public InvalidPackageException(String message) {
    super(message);
  }
}
