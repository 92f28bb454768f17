package dev.autograder.sandbox;

/** The sandbox itself failed (the engine is down, an image is missing): not the student's fault. */
public final class SandboxFailure extends RuntimeException {
  public SandboxFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
