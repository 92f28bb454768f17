package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.sandbox.StepOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * What the sandbox alone says about one run of a student's program, before anyone looks at its
 * output: killed for time, for memory, for output, or ended by an error.
 */
final class RunJudgement {
  private RunJudgement() {}

  /** A verdict and its feedback. */
  record Judged(Verdict verdict, String feedback) {}

  static Optional<Judged> of(
      StepOutcome run, Toolchain toolchain, Flavour flavour, Duration limit) {
    String stderr = ProgramBuild.text(run.stderr());
    if (run.overTime()) {
      return Optional.of(
          new Judged(
              Verdict.TIME_LIMIT, "stopped after the time limit of " + limit.toMillis() + " ms"));
    }
    if (run.oomKilled() || (run.exitCode() != 0 && toolchain.reportsOutOfMemory(stderr))) {
      return Optional.of(
          new Judged(
              Verdict.MEMORY_LIMIT,
              "ran out of memory (limit " + flavour.memoryBytes() / (1024 * 1024) + " MiB)"));
    }
    if (run.outputLimitReached()) {
      return Optional.of(
          new Judged(
              Verdict.OUTPUT_LIMIT,
              "printed more than the output limit of " + flavour.outputLimitBytes() + " bytes"));
    }
    if (run.exitCode() != 0) {
      String why =
          run.signal() != 0
              ? "ended by signal " + run.signal()
              : "exited with code " + run.exitCode();
      return Optional.of(
          new Judged(
              Verdict.RUNTIME_ERROR, why + (stderr.isBlank() ? "" : "\n" + Feedback.tail(stderr))));
    }
    return Optional.empty();
  }

  /** The test's verdict record, with the run's measurements. */
  static TestVerdict verdict(
      String name,
      Verdict verdict,
      double points,
      StepOutcome run,
      Visibility visibility,
      String feedback) {
    return new TestVerdict(
        name,
        "",
        verdict,
        verdict == Verdict.ACCEPTED ? points : 0,
        points,
        run.wallMillis(),
        run.cpuMillis(),
        run.peakMemoryKib(),
        run.exitCode(),
        run.signal(),
        visibility,
        feedback,
        java.util.List.of());
  }

  /** The overall verdict is the first test's that was not accepted; the score adds up. */
  static GradingResult summarize(
      double maxScore, String compileOutput, java.util.List<TestVerdict> verdicts) {
    Verdict overall =
        verdicts.stream()
            .map(TestVerdict::verdict)
            .filter(v -> v != Verdict.ACCEPTED)
            .findFirst()
            .orElse(Verdict.ACCEPTED);
    double score = verdicts.stream().mapToDouble(TestVerdict::score).sum();
    return GradingResult.of(overall, score, maxScore, compileOutput, verdicts, "");
  }
}
