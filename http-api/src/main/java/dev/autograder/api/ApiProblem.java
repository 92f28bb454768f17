package dev.autograder.api;

import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, with the HTTP status and a stable code: rendered as the one JSON error
 * shape {@code {"error": {"code": ..., "message": ...}}}.
 */
public final class ApiProblem extends RuntimeException {
  private final int status;
  private final String code;
  /** For a 503, 429 or 409: when to try again, in seconds; 0 when not said. */
  private final long retryAfterSeconds;
  /** Per-field or per-line problems, or empty. */
  private List<Map<String, Object>> details = List.of();

  public ApiProblem(int status, String code, String message) {
    this(status, code, message, 0);
  }

  private ApiProblem(int status, String code, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiProblem badRequest(String code, String message) {
    return new ApiProblem(400, code, message);
  }

  public static ApiProblem notFound(String what, String id) {
    return new ApiProblem(404, "not_found", "no " + what + " " + id);
  }

  public static ApiProblem conflict(String code, String message) {
    return new ApiProblem(409, code, message);
  }

  public static ApiProblem conflict(String code, String message, long retryAfterSeconds) {
    return new ApiProblem(409, code, message, retryAfterSeconds);
  }

  public static ApiProblem unavailable(String code, String message, long retryAfterSeconds) {
    return new ApiProblem(503, code, message, retryAfterSeconds);
  }

  public static ApiProblem tooManyRequests(String code, String message, long retryAfterSeconds) {
    return new ApiProblem(429, code, message, retryAfterSeconds);
  }

  public ApiProblem withDetails(List<Map<String, Object>> problems) {
    this.details = List.copyOf(problems);
    return this;
  }

  public List<Map<String, Object>> details() {
    return details;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
