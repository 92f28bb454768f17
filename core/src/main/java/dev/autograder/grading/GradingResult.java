package dev.autograder.grading;

import java.util.List;

/**
 * The result of grading one submission.
 *
 * @param compileOutput what the compiler printed, bounded in size
 * @param detail why the result is what it is when no test says so (compile or infrastructure failure)
 */
public record GradingResult(
    Verdict verdict,
    double score,
    double maxScore,
    String compileOutput,
    List<TestVerdict> tests,
    String detail) {

  public GradingResult {
    compileOutput = compileOutput == null ? "" : compileOutput;
    tests = List.copyOf(tests);
    detail = detail == null ? "" : detail;
  }

  public static GradingResult infrastructureFailure(String detail, double maxScore) {
    return new GradingResult(Verdict.INFRA_ERROR, 0, maxScore, "", List.of(), detail);
  }
}
