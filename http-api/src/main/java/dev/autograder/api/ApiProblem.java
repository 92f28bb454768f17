package dev.autograder.api;

/**
 * A request the API refuses, with the HTTP status and a stable code: rendered as the one JSON error
 * shape {@code {"error": {"code": ..., "message": ...}}}.
 */
public final class ApiProblem extends RuntimeException {
  private final int status;
  private final String code;

  public ApiProblem(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
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

  public static ApiProblem unavailable(String message) {
    return new ApiProblem(503, "unavailable", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
