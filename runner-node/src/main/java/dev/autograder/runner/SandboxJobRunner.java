package dev.autograder.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.flavour.Flavour;
import dev.autograder.grader.SubmissionGrader;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.JobKind;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.Progress;
import dev.autograder.sandbox.SandboxFailure;
import dev.autograder.submission.archive.InvalidSubmissionException;
import dev.autograder.submission.archive.SubmissionArchive;
import dev.autograder.submission.archive.SubmittedFile;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fetches a job's spec and files and grades them in the sandbox, on the sandbox dispatcher. */
public final class SandboxJobRunner implements JobRunner {
  private static final Logger log = LoggerFactory.getLogger(SandboxJobRunner.class);

  private final Flavour flavour;
  private final SubmissionGrader grader;
  private final BlobFetcher blobs;
  private final SubmissionArchive archive;
  private final ObjectMapper json;
  private final Executor sandboxDispatcher;

  public SandboxJobRunner(
      Flavour flavour,
      SubmissionGrader grader,
      BlobFetcher blobs,
      SubmissionArchive archive,
      ObjectMapper json,
      Executor sandboxDispatcher) {
    this.flavour = flavour;
    this.grader = grader;
    this.blobs = blobs;
    this.archive = archive;
    this.json = json;
    this.sandboxDispatcher = sandboxDispatcher;
  }

  @Override
  public CompletionStage<GradingResult> run(JobLease lease, Consumer<Progress> progress) {
    return CompletableFuture.supplyAsync(() -> grade(lease, progress), sandboxDispatcher);
  }

  private GradingResult grade(JobLease lease, Consumer<Progress> progress) {
    if (lease.job().kind() == JobKind.SETUP_CHECK) {
      return checkSetup(lease);
    }
    String label = lease.submissionId() + "#" + lease.attempt();
    GradingSpec spec;
    List<SubmittedFile> files;
    try {
      spec = json.readValue(blobs.fetch(lease.blobs(), lease.job().specHash()), GradingSpec.class);
      files = archive.unpack(blobs.fetch(lease.blobs(), lease.job().filesHash()));
    } catch (IOException e) {
      log.warn("{}: could not fetch the job's blobs: {}", label, e.getMessage());
      return GradingResult.infrastructureFailure(
          "could not fetch the submission: " + e.getMessage(), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GradingResult.infrastructureFailure("interrupted while fetching the submission", 0);
    } catch (InvalidSubmissionException e) {
      return GradingResult.of(
          Verdict.COMPILE_ERROR, 0, 0, e.getMessage(), List.of(), e.getMessage());
    }
    try {
      return grader.grade(
          spec,
          files,
          flavour,
          label,
          hash -> blobs.fetch(lease.blobs(), hash),
          lease.job(),
          progress);
    } catch (SandboxFailure e) {
      log.warn("{}: the sandbox failed: {}", label, e.getMessage());
      return GradingResult.infrastructureFailure(e.getMessage(), spec.maxScore());
    } catch (IOException e) {
      log.warn("{}: could not fetch a blob of the spec: {}", label, e.getMessage());
      return GradingResult.infrastructureFailure(
          "could not fetch the assignment's files: " + e.getMessage(), spec.maxScore());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GradingResult.infrastructureFailure("interrupted while grading", spec.maxScore());
    }
  }

  /**
   * An assignment's setup check: its report, or an INFRA_ERROR when the platform failed (tried
   * again).
   */
  private GradingResult checkSetup(JobLease lease) {
    String label = "setup-" + lease.job().assignmentId() + "#" + lease.attempt();
    try {
      GradingSpec spec =
          json.readValue(blobs.fetch(lease.blobs(), lease.job().specHash()), GradingSpec.class);
      SetupReport report =
          grader.checkSetup(spec, flavour, label, hash -> blobs.fetch(lease.blobs(), hash));
      log.info("{}: the setup is {}", label, report.ready() ? "ready" : "failed");
      return report.asResult();
    } catch (SandboxFailure e) {
      log.warn("{}: the sandbox failed: {}", label, e.getMessage());
      return GradingResult.infrastructureFailure(e.getMessage(), 0);
    } catch (IOException e) {
      log.warn("{}: could not fetch the assignment's files: {}", label, e.getMessage());
      return GradingResult.infrastructureFailure(
          "could not fetch the assignment's files: " + e.getMessage(), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GradingResult.infrastructureFailure("interrupted while checking the setup", 0);
    }
  }
}
