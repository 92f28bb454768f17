package dev.autograder.port;

import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.grading.Comparison;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.IoTest;
import dev.autograder.grading.Visibility;
import dev.autograder.submission.archive.InvalidSubmissionException;
import dev.autograder.submission.archive.SubmissionArchive;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The body of "create an assignment" (and, merged over the assignment as it is, of "edit").
 *
 * @param id optional; a URL-safe slug, generated when absent
 * @param flavour the runner flavour that grades it; "default" when absent
 * @param dueAt required; see {@link AssignmentRules} for the other dates and rules
 * @param countedSubmission LATEST when absent
 */
public record NewAssignment(
    String id,
    String title,
    String description,
    String flavour,
    GradingSpec spec,
    Instant opensAt,
    Instant dueAt,
    Instant lateUntil,
    Double latePenaltyPercentPerDay,
    SubmissionLimit submissionLimit,
    Visibility defaultVisibility,
    Boolean published,
    Boolean gradesPublished,
    CountedSubmission countedSubmission) {
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final int MAX_TESTS = 500;
  static final int MAX_TEST_TEXT = 1024 * 1024;

  /** Checks what the JSON shape cannot; throws a 400 naming the first problem. */
  public NewAssignment validated() {
    if (id != null && !ID.matcher(id).matches()) {
      throw Refusal.invalid(
          "invalid_id", "id must be 1 to 63 of a-z, 0-9 and '-', starting with a letter or digit");
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      throw Refusal.invalid("invalid_title", "title must have 1 to 200 characters");
    }
    if (description != null && description.length() > 100_000) {
      throw Refusal.invalid("invalid_description", "description is limited to 100,000 characters");
    }
    if (spec == null) {
      throw Refusal.invalid("invalid_spec", "spec is required");
    }
    if (spec instanceof IoSpec io) {
      validate(io);
    }
    validateRules();
    return new NewAssignment(
        id,
        title.strip(),
        description,
        flavour == null || flavour.isBlank() ? "default" : flavour,
        spec,
        opensAt,
        dueAt,
        lateUntil,
        latePenaltyPercentPerDay,
        submissionLimit,
        defaultVisibility,
        published,
        gradesPublished,
        countedSubmission);
  }

  private void validateRules() {
    if (dueAt == null) {
      throw Refusal.invalid("invalid_dates", "dueAt is required");
    }
    if (opensAt != null && !opensAt.isBefore(dueAt)) {
      throw Refusal.invalid("invalid_dates", "opensAt must be before dueAt");
    }
    if (lateUntil != null && lateUntil.isBefore(dueAt)) {
      throw Refusal.invalid("invalid_dates", "lateUntil must not be before dueAt");
    }
    if (latePenaltyPercentPerDay != null
        && !(latePenaltyPercentPerDay >= 0 && latePenaltyPercentPerDay <= 100)) {
      throw Refusal.invalid(
          "invalid_late_penalty", "latePenaltyPercentPerDay must be between 0 and 100");
    }
    if (submissionLimit != null
        && (submissionLimit.count() < 1
            || submissionLimit.count() > 10_000
            || submissionLimit.windowHours() < 1
            || submissionLimit.windowHours() > 24 * 366)) {
      throw Refusal.invalid(
          "invalid_submission_limit",
          "submissionLimit needs count 1 to 10000 and windowHours 1 to 8784");
    }
  }

  /** The rules part, defaults filled in. */
  public AssignmentRules rules() {
    return new AssignmentRules(
        description,
        opensAt,
        dueAt,
        lateUntil,
        latePenaltyPercentPerDay == null ? 0 : latePenaltyPercentPerDay,
        submissionLimit,
        defaultVisibility,
        Boolean.TRUE.equals(published),
        Boolean.TRUE.equals(gradesPublished),
        countedSubmission);
  }

  public NewAssignment withSpec(GradingSpec newSpec) {
    return new NewAssignment(
        id,
        title,
        description,
        flavour,
        newSpec,
        opensAt,
        dueAt,
        lateUntil,
        latePenaltyPercentPerDay,
        submissionLimit,
        defaultVisibility,
        published,
        gradesPublished,
        countedSubmission);
  }

  private static void validate(IoSpec spec) {
    if (spec.tests().isEmpty() || spec.tests().size() > MAX_TESTS) {
      throw invalid("spec.tests must have 1 to " + MAX_TESTS + " tests");
    }
    for (IoTest t : spec.tests()) {
      String where = "test '" + t.name() + "': ";
      if (t.name().isBlank() || t.name().length() > 200) {
        throw invalid("every test needs a name of 1 to 200 characters");
      }
      if (!Double.isFinite(t.points()) || t.points() < 0) {
        throw invalid(where + "points must be a number >= 0");
      }
      if (t.timeLimitMillis() < 0) {
        throw invalid(where + "timeLimitMillis must be >= 0");
      }
      if (!(t.absoluteTolerance() >= 0)
          || !(t.relativeTolerance() >= 0)
          || Double.isInfinite(t.absoluteTolerance())
          || Double.isInfinite(t.relativeTolerance())) {
        throw invalid(where + "tolerances must be numbers >= 0");
      }
      if (t.comparison() == Comparison.FLOAT
          && t.absoluteTolerance() == 0
          && t.relativeTolerance() == 0) {
        throw invalid(where + "a FLOAT comparison needs absoluteTolerance or relativeTolerance");
      }
      if (t.comparison() == Comparison.CHECKER && spec.checker() == null) {
        throw invalid(where + "a CHECKER comparison needs the spec's checker");
      }
      if (t.comparison() == Comparison.REGEX) {
        try {
          Pattern.compile(t.expectedStdout());
        } catch (PatternSyntaxException e) {
          throw invalid(
              where + "expectedStdout is not a valid regular expression: " + e.getDescription());
        }
      }
      long text = t.stdin().length() + t.expectedStdout().length();
      for (var f : t.files().entrySet()) {
        checkPath(where, f.getKey());
        text += f.getValue().length();
      }
      if (text > MAX_TEST_TEXT
          || t.args().size() > 100
          || t.args().stream().anyMatch(a -> a.length() > 4096)) {
        throw invalid(
            where + "stdin, expectedStdout and files are limited to 1 MiB, args to 100 of 4 KiB");
      }
    }
    if (spec.checker() != null) {
      if (spec.checker().files().isEmpty()) {
        throw invalid("the checker needs at least one source file");
      }
      spec.checker().files().keySet().forEach(p -> checkPath("checker: ", p));
    }
  }

  private static void checkPath(String where, String path) {
    try {
      SubmissionArchive.checkPath(path);
    } catch (InvalidSubmissionException e) {
      throw invalid(where + e.getMessage());
    }
  }

  private static Refusal invalid(String message) {
    return Refusal.invalid("invalid_spec", message);
  }
}
