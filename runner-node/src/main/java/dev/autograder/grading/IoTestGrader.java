package dev.autograder.grading;

import dev.autograder.flavour.Flavour;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import dev.autograder.submission.SubmittedFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Grades a submission against IO tests: compiles it, runs each test in a fresh process tree of the
 * sandbox, and compares outputs here, outside the sandbox, so expected outputs never enter it.
 */
public final class IoTestGrader {
  /** Compilers write binaries; the output limit only bounds what programs print. */
  private static final long COMPILE_FILE_SIZE_LIMIT = 256L * 1024 * 1024;

  private final Sandbox sandbox;

  public IoTestGrader(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** Blocks for as long as grading takes; a {@code SandboxFailure} means an infrastructure error. */
  public GradingResult grade(GradingSpec spec, List<SubmittedFile> files, Flavour flavour, String label) {
    Toolchain toolchain = Toolchain.of(spec, files);
    Optional<String> missing = toolchain.missingSources();
    if (missing.isPresent()) {
      return new GradingResult(Verdict.COMPILE_ERROR, 0, spec.maxScore(), missing.get(), List.of(), missing.get());
    }
    try (Sandbox.Session session = sandbox.open(flavour, files, label)) {
      StepOutcome compiled = session.run(new SandboxStep(
          toolchain.compileCommand(), new byte[0], flavour.compileWallTime(), COMPILE_FILE_SIZE_LIMIT));
      String compileOutput = Feedback.tail(text(compiled.stdout()) + text(compiled.stderr()));
      if (compiled.timedOut() || compiled.oomKilled() || compiled.exitCode() != 0) {
        String why = compiled.timedOut() ? "compilation took longer than " + flavour.compileWallTime().toSeconds() + " s"
            : compiled.oomKilled() ? "compilation ran out of memory" : "compilation failed";
        return new GradingResult(Verdict.COMPILE_ERROR, 0, spec.maxScore(), compileOutput, List.of(), why);
      }
      List<TestVerdict> verdicts = new ArrayList<>();
      for (IoTest test : spec.tests()) {
        verdicts.add(runTest(session, toolchain, flavour, test));
      }
      return summarize(spec, compileOutput, verdicts);
    }
  }

  private TestVerdict runTest(Sandbox.Session session, Toolchain toolchain, Flavour flavour, IoTest test) {
    Duration limit = flavour.wallTime();
    if (test.timeLimitMillis() > 0 && test.timeLimitMillis() < limit.toMillis()) {
      limit = Duration.ofMillis(test.timeLimitMillis());
    }
    StepOutcome run = session.run(new SandboxStep(toolchain.runCommand(flavour),
        test.stdin().getBytes(StandardCharsets.UTF_8), limit, flavour.outputLimitBytes() + 1));
    String stdout = text(run.stdout());
    String stderr = text(run.stderr());
    Verdict verdict;
    String feedback;
    if (run.timedOut()) {
      verdict = Verdict.TIME_LIMIT;
      feedback = "stopped after the time limit of " + limit.toMillis() + " ms";
    } else if (run.oomKilled() || (run.exitCode() != 0 && toolchain.reportsOutOfMemory(stderr))) {
      verdict = Verdict.MEMORY_LIMIT;
      feedback = "ran out of memory (limit " + flavour.memoryBytes() / (1024 * 1024) + " MiB)";
    } else if (run.outputLimitReached()) {
      verdict = Verdict.OUTPUT_LIMIT;
      feedback = "printed more than the output limit of " + flavour.outputLimitBytes() + " bytes";
    } else if (run.exitCode() != 0) {
      verdict = Verdict.RUNTIME_ERROR;
      feedback = exitDescription(run.exitCode()) + (stderr.isBlank() ? "" : "\n" + Feedback.tail(stderr));
    } else if (!OutputComparison.matches(test.comparison(), test.expectedStdout(), stdout)) {
      verdict = Verdict.WRONG_ANSWER;
      feedback = Feedback.firstDifference(test.expectedStdout(), stdout);
    } else {
      verdict = Verdict.ACCEPTED;
      feedback = "";
    }
    double score = verdict == Verdict.ACCEPTED ? test.points() : 0;
    return new TestVerdict(test.name(), verdict, score, test.points(), run.wallMillis(), run.exitCode(),
        test.hidden(), feedback);
  }

  private static String exitDescription(int exitCode) {
    return exitCode > 128 ? "ended by signal " + (exitCode - 128) : "exited with code " + exitCode;
  }

  /** The overall verdict is the first test's that was not accepted; the score adds up. */
  private static GradingResult summarize(GradingSpec spec, String compileOutput, List<TestVerdict> verdicts) {
    Verdict overall = verdicts.stream().map(TestVerdict::verdict).filter(v -> v != Verdict.ACCEPTED)
        .findFirst().orElse(Verdict.ACCEPTED);
    double score = verdicts.stream().mapToDouble(TestVerdict::score).sum();
    return new GradingResult(overall, score, spec.maxScore(), compileOutput, verdicts, "");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
