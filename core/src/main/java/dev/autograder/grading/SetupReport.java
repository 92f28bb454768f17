package dev.autograder.grading;

import dev.autograder.CborSerializable;
import java.util.List;

/**
 * What the check of an assignment's setup found: for a Gradescope autograder, its image build; for
 * a problem package, each judge solution run against the package's tests and the time limit.
 *
 * @param ready the setup works: students may submit
 * @param log what the instructor needs to see: the image build's log, why the check failed
 *     (bounded)
 * @param timeLimitMillis the time limit of a problem, explicit or derived from the accepted judge
 *     solutions; 0 when the format has none
 * @param warnings what did not stop the setup (a judge solution in a language the runners lack)
 */
public record SetupReport(
    boolean ready,
    String log,
    long timeLimitMillis,
    List<String> warnings,
    List<SolutionRun> solutions)
    implements CborSerializable {

  /** The most of the log that is kept: it crosses the cluster in the result and is persisted. */
  public static final int MAX_LOG_CHARS = 64 * 1024;

  /**
   * A judge solution's run against the package's test cases.
   *
   * @param path e.g. "submissions/wrong_answer/off_by_one.py"
   * @param verdict the first test case's verdict that was not ACCEPTED, else ACCEPTED
   * @param slowestMillis the slowest test case's time
   * @param asExpected whether the verdicts meet what its directory requires
   * @param note why it did not, or why it was skipped
   */
  public record SolutionRun(
      String path, Verdict verdict, long slowestMillis, boolean asExpected, String note)
      implements CborSerializable {}

  public SetupReport {
    log = log == null ? "" : bounded(log);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    solutions = solutions == null ? List.of() : List.copyOf(solutions);
  }

  public static SetupReport failed(String log) {
    return new SetupReport(false, log, 0, List.of(), List.of());
  }

  /** The end of a long log, where builds say what went wrong. */
  private static String bounded(String log) {
    return log.length() <= MAX_LOG_CHARS
        ? log
        : "... (the beginning is cut)\n" + log.substring(log.length() - MAX_LOG_CHARS);
  }

  /**
   * The check's outcome as a job result: ACCEPTED when the setup is ready, WRONG_ANSWER when it
   * failed (a failure of the assignment, final); an INFRA_ERROR is the platform's and is tried
   * again.
   */
  public GradingResult asResult() {
    return new GradingResult(
        ready ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER,
        0,
        0,
        "",
        List.of(),
        "",
        Visibility.HIDDEN,
        ready ? "the setup is ready" : "the setup failed",
        Visibility.HIDDEN,
        0,
        "",
        List.of(),
        List.of(),
        this);
  }
}
