package dev.autograder.grading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The result of grading one submission, whatever the spec's format.
 *
 * @param compileOutput what the compiler printed, bounded in size
 * @param output text about the whole submission for the student (Gradescope's top-level output)
 * @param visibility when the student sees the verdict and score at all
 * @param log what only staff see: why an infrastructure or setup failure happened, a harness's
 *     stdout
 * @param logVisibility when the student sees the log too (Gradescope's stdout_visibility)
 * @param executionMillis how long grading took inside the sandbox
 * @param extraData JSON text kept for instructors (Gradescope's extra_data), or empty
 * @param groups a scoring problem package's test groups (subtasks), each with its score
 * @param setup present only in the result of a setup check (see {@link SetupReport#asResult})
 */
public record GradingResult(
    Verdict verdict,
    double score,
    double maxScore,
    String compileOutput,
    List<TestVerdict> tests,
    String output,
    Visibility visibility,
    String log,
    Visibility logVisibility,
    long executionMillis,
    String extraData,
    List<LeaderboardEntry> leaderboard,
    List<GroupResult> groups,
    @JsonInclude(JsonInclude.Include.NON_NULL) SetupReport setup) {

  public GradingResult {
    compileOutput = compileOutput == null ? "" : compileOutput;
    tests = tests == null ? List.of() : List.copyOf(tests);
    output = output == null ? "" : output;
    visibility = visibility == null ? Visibility.VISIBLE : visibility;
    log = log == null ? "" : log;
    logVisibility = logVisibility == null ? Visibility.HIDDEN : logVisibility;
    extraData = extraData == null ? "" : extraData;
    leaderboard = leaderboard == null ? List.of() : List.copyOf(leaderboard);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** A student's result without test groups: every format but a scoring problem package. */
  public GradingResult(
      Verdict verdict,
      double score,
      double maxScore,
      String compileOutput,
      List<TestVerdict> tests,
      String output,
      Visibility visibility,
      String log,
      Visibility logVisibility,
      long executionMillis,
      String extraData,
      List<LeaderboardEntry> leaderboard) {
    this(
        verdict,
        score,
        maxScore,
        compileOutput,
        tests,
        output,
        visibility,
        log,
        logVisibility,
        executionMillis,
        extraData,
        leaderboard,
        List.of(),
        null);
  }

  /** A result with only the essentials; the rest empty or default. */
  public static GradingResult of(
      Verdict verdict,
      double score,
      double maxScore,
      String compileOutput,
      List<TestVerdict> tests,
      String log) {
    return new GradingResult(
        verdict,
        score,
        maxScore,
        compileOutput,
        tests,
        "",
        Visibility.VISIBLE,
        log,
        Visibility.HIDDEN,
        0,
        "",
        List.of());
  }

  public static GradingResult infrastructureFailure(String log, double maxScore) {
    return of(Verdict.INFRA_ERROR, 0, maxScore, "", List.of(), log);
  }

  public GradingResult withExecutionMillis(long millis) {
    return new GradingResult(
        verdict,
        score,
        maxScore,
        compileOutput,
        tests,
        output,
        visibility,
        log,
        logVisibility,
        millis,
        extraData,
        leaderboard,
        groups,
        setup);
  }

  /**
   * A practice run's result from a harness that ran every test (a Gradescope autograder): only the
   * tests a student sees before the due date, scored out of theirs alone, with the verdict of the
   * first that failed; shown to the student, log and all but what staff keep. A result without
   * tests (it did not compile, the harness failed) stays as it is.
   */
  public GradingResult visibleTestsOnly() {
    if (tests.isEmpty()) {
      return this;
    }
    List<TestVerdict> visible =
        tests.stream().filter(t -> t.visibility().shownToStudent(false, false)).toList();
    Verdict first =
        visible.stream()
            .map(TestVerdict::verdict)
            .filter(v -> v != Verdict.ACCEPTED)
            .findFirst()
            .orElse(Verdict.ACCEPTED);
    return new GradingResult(
        first,
        visible.stream().mapToDouble(TestVerdict::score).sum(),
        visible.stream().mapToDouble(TestVerdict::maxScore).sum(),
        compileOutput,
        visible,
        output,
        Visibility.VISIBLE,
        log,
        logVisibility,
        executionMillis,
        "",
        List.of(),
        List.of(),
        null);
  }

  /**
   * What a student sees now: tests they may not see are left out (their points still count in the
   * score, as on Gradescope), the staff log only when its visibility allows, and no verdict or
   * score (of the whole or of a test group) before the result's own visibility allows.
   */
  public StudentResult forStudent(boolean pastDue, boolean published) {
    boolean shown = visibility.shownToStudent(pastDue, published);
    List<TestVerdict> visible =
        shown
            ? tests.stream().filter(t -> t.visibility().shownToStudent(pastDue, published)).toList()
            : List.of();
    return new StudentResult(
        shown ? verdict : null,
        shown ? score : null,
        maxScore,
        compileOutput,
        visible,
        tests.size() - visible.size(),
        shown ? output : "",
        logVisibility.shownToStudent(pastDue, published) ? log : "",
        shown ? leaderboard : List.of(),
        shown ? groups : List.of());
  }
}
