package dev.autograder.api;

import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.IoTest;
import java.util.regex.Pattern;

/**
 * The body of "create an assignment".
 *
 * @param id optional; a URL-safe slug, generated when absent
 * @param flavour the runner flavour that grades it; "default" when absent
 */
public record NewAssignment(String id, String title, String flavour, GradingSpec spec) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final int MAX_TESTS = 500;
  static final int MAX_TEST_TEXT = 1024 * 1024;

  /** Checks what the JSON shape cannot; throws a 400 naming the first problem. */
  public NewAssignment validated() {
    if (id != null && !ID.matcher(id).matches()) {
      throw ApiProblem.badRequest("invalid_id", "id must be 1 to 63 of a-z, 0-9 and '-', starting with a letter or digit");
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      throw ApiProblem.badRequest("invalid_title", "title must have 1 to 200 characters");
    }
    if (spec == null) {
      throw ApiProblem.badRequest("invalid_spec", "spec is required");
    }
    if (spec.tests().isEmpty() || spec.tests().size() > MAX_TESTS) {
      throw ApiProblem.badRequest("invalid_spec", "spec.tests must have 1 to " + MAX_TESTS + " tests");
    }
    for (IoTest t : spec.tests()) {
      if (t.name().isBlank() || t.name().length() > 200) {
        throw ApiProblem.badRequest("invalid_spec", "every test needs a name of 1 to 200 characters");
      }
      if (!Double.isFinite(t.points()) || t.points() < 0) {
        throw ApiProblem.badRequest("invalid_spec", "test " + t.name() + ": points must be a number >= 0");
      }
      if (t.timeLimitMillis() < 0) {
        throw ApiProblem.badRequest("invalid_spec", "test " + t.name() + ": timeLimitMillis must be >= 0");
      }
      if (t.stdin().length() > MAX_TEST_TEXT || t.expectedStdout().length() > MAX_TEST_TEXT) {
        throw ApiProblem.badRequest("invalid_spec", "test " + t.name() + ": stdin and expectedStdout are limited to 1 MiB");
      }
    }
    return new NewAssignment(id, title.strip(), flavour == null || flavour.isBlank() ? "default" : flavour, spec);
  }
}
