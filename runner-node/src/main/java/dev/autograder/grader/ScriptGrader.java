package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import dev.autograder.script.GradescopeResults;
import dev.autograder.script.InvalidResultsException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grades with a Gradescope-style autograder: run_autograder runs in the sandbox, in the
 * autograder's image, under a uid of its own that owns a writable copy of /autograder (its source,
 * as setup.sh left it), with the submission under /autograder/submission, as on Gradescope.
 * results/results.json is read only once every process of that uid is gone, with every field of the
 * format.
 */
final class ScriptGrader {
  private static final String RESULTS = "results/results.json";

  /**
   * The harness's start: its own copy of what the image holds under /autograder, then
   * run_autograder. Constant text: nothing a student wrote is read by this shell.
   */
  private static final String HARNESS =
      "cp -a "
          + AssignmentImages.DISTRIBUTION
          + "/. "
          + Sandbox.AUTOGRADER
          + "/ && mkdir -p "
          + Sandbox.AUTOGRADER
          + "/results && exec "
          + Sandbox.AUTOGRADER
          + "/run_autograder";

  /** Harnesses write class files, logs and results: more room than a program's output. */
  private static final long HARNESS_FILE_SIZE_LIMIT = 64L * 1024 * 1024;

  private final Sandbox sandbox;
  private final AssignmentImages images;

  ScriptGrader(Sandbox sandbox, AssignmentImages images) {
    this.sandbox = sandbox;
    this.images = images;
  }

  GradingResult grade(
      ScriptSpec spec,
      byte[] autograder,
      Map<String, byte[]> files,
      Flavour flavour,
      String label) {
    return grade(
        spec,
        autograder,
        files,
        flavour,
        label,
        GradescopeMetadata.of(null, spec.maxScore(), Instant.now()));
  }

  /** Grades with {@code metadata} as /autograder/submission_metadata.json. */
  GradingResult grade(
      ScriptSpec spec,
      byte[] autograder,
      Map<String, byte[]> files,
      Flavour flavour,
      String label,
      byte[] metadata) {
    String image =
        images
            .ensure(spec.autograderHash(), autograder, flavour.image(), flavour.setupNetwork())
            .tag();
    Map<String, byte[]> work = new LinkedHashMap<>();
    files.forEach((path, content) -> work.put("submission/" + path, content));
    work.put(GradescopeMetadata.FILE, metadata);
    Duration limit =
        spec.timeLimitMillis() > 0
            ? Duration.ofMillis(spec.timeLimitMillis())
            : flavour.compileWallTime();
    try (Sandbox.Session session = sandbox.open(flavour, image, label)) {
      // A harness may use every core it is given: only its wall time is limited.
      StepOutcome run =
          session.run(
              SandboxStep.of(List.of("/bin/sh", "-c", HARNESS), limit, HARNESS_FILE_SIZE_LIMIT)
                  .in(Sandbox.AUTOGRADER)
                  .withCpuLimit(Duration.ZERO)
                  .withFiles(work)
                  .collecting(List.of(RESULTS), GradescopeResults.MAX_BYTES + 1L));
      String harnessOutput = ProgramBuild.text(run.stdout()) + ProgramBuild.text(run.stderr());
      if (run.timedOut()) {
        return stopped(
            spec,
            Verdict.TIME_LIMIT,
            "the autograder ran longer than " + limit.toSeconds() + " s",
            run,
            harnessOutput);
      }
      if (run.oomKilled()) {
        return stopped(
            spec,
            Verdict.MEMORY_LIMIT,
            "the autograder ran out of memory (limit "
                + flavour.memoryBytes() / (1024 * 1024)
                + " MiB)",
            run,
            harnessOutput);
      }
      byte[] results = run.collected().get(RESULTS);
      if (results == null) {
        throw new SetupFailure(
            "run_autograder exited with code "
                + run.exitCode()
                + " and wrote no results/results.json; its output:\n"
                + Feedback.tail(harnessOutput));
      }
      try {
        return GradescopeResults.read(results, spec.maxScore(), harnessOutput);
      } catch (InvalidResultsException e) {
        throw new SetupFailure(
            e.getMessage() + "; run_autograder's output:\n" + Feedback.tail(harnessOutput));
      }
    }
  }

  /** Builds the autograder's image (setup.sh runs then): ready with its log, or failed with it. */
  SetupReport check(ScriptSpec spec, byte[] autograder, Flavour flavour) {
    try {
      return new SetupReport(
          true,
          images
              .ensure(spec.autograderHash(), autograder, flavour.image(), flavour.setupNetwork())
              .log(),
          spec.timeLimitMillis(),
          List.of(),
          List.of());
    } catch (SetupFailure e) {
      return SetupReport.failed(e.getMessage());
    }
  }

  private static GradingResult stopped(
      ScriptSpec spec, Verdict verdict, String why, StepOutcome run, String log) {
    TestVerdict whole =
        new TestVerdict(
            "autograder",
            "",
            verdict,
            0,
            spec.maxScore(),
            run.wallMillis(),
            run.cpuMillis(),
            run.peakMemoryKib(),
            run.exitCode(),
            run.signal(),
            Visibility.VISIBLE,
            why,
            List.of());
    return new GradingResult(
        verdict,
        0,
        spec.maxScore(),
        "",
        List.of(whole),
        why,
        Visibility.VISIBLE,
        Feedback.tail(log),
        Visibility.HIDDEN,
        run.wallMillis(),
        "",
        List.of());
  }
}
