package dev.autograder.script;

/**
 * A Gradescope results.json that is missing, too large or malformed. The message is written for the
 * instructor who wrote the autograder: it names the file, the field and what is wrong with it.
 */
public final class InvalidResultsException extends RuntimeException {
  public InvalidResultsException(String message) {
    super(message);
  }

  public InvalidResultsException(String message, Throwable cause) {
    super(message, cause);
  }
}
