package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.grading.SetupReport;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.Progress;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.submission.archive.SubmittedFile;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Grades a submission by its assignment's spec, whichever of the three formats it is in. Closing it
 * closes the sandboxes of the compiled checkers and validators it keeps.
 */
public final class SubmissionGrader implements AutoCloseable {
  /** Compiled checkers and validators kept ready, each in a sandbox session of its own. */
  private static final int KEPT_VALIDATORS = 8;

  /** Where the grader gets the blobs a spec names (an autograder archive, a problem package). */
  public interface Blobs {
    byte[] fetch(String hash) throws IOException, InterruptedException;
  }

  private final IoGrader io;
  private final ScriptGrader script;
  private final ProblemGrader problem;
  private final ValidatorCache validators = new ValidatorCache(KEPT_VALIDATORS);

  public SubmissionGrader(DockerSandbox sandbox) {
    this(sandbox, new AssignmentImages(sandbox.engine()));
  }

  private SubmissionGrader(Sandbox sandbox, AssignmentImages images) {
    this.io = new IoGrader(sandbox, validators);
    this.script = new ScriptGrader(sandbox, images);
    this.problem = new ProblemGrader(sandbox, validators);
  }

  @Override
  public void close() {
    validators.close();
  }

  /**
   * Blocks for as long as grading takes. A {@code SandboxFailure} means the platform failed; a
   * failure of the assignment's own machinery comes back as INFRA_ERROR with the reason in the log.
   */
  public GradingResult grade(
      GradingSpec spec,
      List<SubmittedFile> submitted,
      Flavour flavour,
      String label,
      Blobs blobs,
      Consumer<Progress> progress)
      throws IOException, InterruptedException {
    return grade(spec, submitted, flavour, label, blobs, null, progress);
  }

  /**
   * As above, for a queued {@code job} (null when there is none): a problem is graded with the time
   * limit the assignment's setup check measured, and a Gradescope autograder reads the job's
   * submission_metadata.json. A practice job is graded on what the student sees before the due
   * date: an IO spec's visible tests, a problem's samples; an autograder runs whole and only its
   * visible tests are kept.
   */
  public GradingResult grade(
      GradingSpec spec,
      List<SubmittedFile> submitted,
      Flavour flavour,
      String label,
      Blobs blobs,
      GradingJob job,
      Consumer<Progress> progress)
      throws IOException, InterruptedException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    submitted.forEach(f -> files.put(f.path(), f.content()));
    long started = System.nanoTime();
    boolean practice = job != null && job.practice();
    GradingResult result;
    try {
      if (spec instanceof IoSpec s) {
        result = io.grade(practice ? s.visibleTestsOnly() : s, files, flavour, label, progress);
      } else if (spec instanceof ScriptSpec s) {
        progress.accept(new Progress(Progress.Phase.RUNNING_AUTOGRADER, 0, 0));
        result =
            script.grade(
                s,
                blobs.fetch(s.autograderHash()),
                files,
                flavour,
                label,
                GradescopeMetadata.of(job, s.maxScore(), Instant.now()));
        result = practice ? result.visibleTestsOnly() : result;
      } else {
        ProblemSpec s = (ProblemSpec) spec;
        result =
            problem.grade(
                s,
                blobs.fetch(s.packageHash()),
                files,
                flavour,
                label,
                job == null ? 0 : job.timeLimitMillis(),
                practice,
                progress);
      }
    } catch (SetupFailure e) {
      result =
          GradingResult.infrastructureFailure(
              "the assignment's grading setup failed: " + e.getMessage(), spec.maxScore());
    }
    return result.executionMillis() > 0
        ? result
        : result.withExecutionMillis((System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Checks an assignment's setup when its spec is uploaded: a Gradescope autograder's image is
   * built, a problem package's judge solutions run. IO specs need no check. Blocks; a {@code
   * SandboxFailure} means the platform failed and the check is to be tried again.
   */
  public SetupReport checkSetup(GradingSpec spec, Flavour flavour, String label, Blobs blobs)
      throws IOException, InterruptedException {
    if (spec instanceof ScriptSpec s) {
      return script.check(s, blobs.fetch(s.autograderHash()), flavour);
    }
    if (spec instanceof ProblemSpec s) {
      return problem.check(s, blobs.fetch(s.packageHash()), flavour, label);
    }
    return new SetupReport(true, "", 0, List.of(), List.of());
  }
}
