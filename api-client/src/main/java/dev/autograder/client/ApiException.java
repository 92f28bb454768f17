package dev.autograder.client;

import java.io.IOException;

/**
 * The API answered other than the caller needed (or not at all, status 0): the message says what
 * was asked, and the status and body say what came back, so that a failing test prints its own
 * diagnosis.
 */
public final class ApiException extends IOException {
  private final int status;
  private final String body;

  public ApiException(String what, int status, String body) {
    super(what + " answered " + (status == 0 ? "nothing" : status + ": " + body));
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}
