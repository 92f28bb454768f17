package dev.autograder.grading;

import dev.autograder.flavour.Flavour;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import dev.autograder.script.GradescopeResults;
import dev.autograder.script.InvalidResultsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grades with a Gradescope-style autograder: run_autograder runs in the sandbox (as the
 * unprivileged user, in the autograder's image) with the submission under
 * /autograder/submission, and its results/results.json is read with every field of the format.
 */
final class ScriptGrader {
  private static final String RESULTS = "results/results.json";
  /** Harnesses write class files, logs and results: more room than a program's output. */
  private static final long HARNESS_FILE_SIZE_LIMIT = 64L * 1024 * 1024;

  private final Sandbox sandbox;
  private final AssignmentImages images;

  ScriptGrader(Sandbox sandbox, AssignmentImages images) {
    this.sandbox = sandbox;
    this.images = images;
  }

  GradingResult grade(ScriptSpec spec, byte[] autograder, Map<String, byte[]> files, Flavour flavour, String label) {
    String image = images.ensure(spec.autograderHash(), autograder, flavour.image());
    Map<String, byte[]> work = new LinkedHashMap<>();
    files.forEach((path, content) -> work.put("submission/" + path, content));
    work.put("results/", new byte[0]);
    Duration limit = spec.timeLimitMillis() > 0 ? Duration.ofMillis(spec.timeLimitMillis()) : flavour.compileWallTime();
    try (Sandbox.Session session = sandbox.open(flavour, image, work, label)) {
      StepOutcome run = session.run(new SandboxStep(List.of("/autograder/run_autograder"), "/autograder", null,
          Map.of(), List.of(RESULTS), limit, HARNESS_FILE_SIZE_LIMIT));
      String harnessOutput = ProgramBuild.text(run.stdout()) + ProgramBuild.text(run.stderr());
      if (run.timedOut()) {
        return stopped(spec, Verdict.TIME_LIMIT, "the autograder ran longer than " + limit.toSeconds() + " s", run, harnessOutput);
      }
      if (run.oomKilled()) {
        return stopped(spec, Verdict.MEMORY_LIMIT, "the autograder ran out of memory (limit "
            + flavour.memoryBytes() / (1024 * 1024) + " MiB)", run, harnessOutput);
      }
      byte[] results = run.collected().get(RESULTS);
      if (results == null) {
        throw new SetupFailure("run_autograder exited with code " + run.exitCode()
            + " and wrote no results/results.json; its output:\n" + Feedback.tail(harnessOutput));
      }
      try {
        return GradescopeResults.read(results, spec.maxScore(), harnessOutput);
      } catch (InvalidResultsException e) {
        throw new SetupFailure(e.getMessage() + "; run_autograder's output:\n" + Feedback.tail(harnessOutput));
      }
    }
  }

  private static GradingResult stopped(ScriptSpec spec, Verdict verdict, String why, StepOutcome run, String log) {
    TestVerdict whole = new TestVerdict("autograder", "", verdict, 0, spec.maxScore(), run.wallMillis(),
        run.cpuMillis(), run.peakMemoryKib(), run.exitCode(), run.signal(), Visibility.VISIBLE, why, List.of());
    return new GradingResult(verdict, 0, spec.maxScore(), "", List.of(whole), why, Visibility.VISIBLE,
        Feedback.tail(log), Visibility.HIDDEN, run.wallMillis(), "", List.of());
  }
}
