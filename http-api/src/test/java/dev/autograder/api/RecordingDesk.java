package dev.autograder.api;

import dev.autograder.assignment.AssignmentView;
import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.submission.SubmissionStatus;
import dev.autograder.submission.SubmissionView;
import dev.autograder.submission.SubmittedFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A desk that keeps what it is given in memory, so tests can see whether a request got through. */
final class RecordingDesk implements GradingDesk {
  final Map<String, AssignmentView> assignments = new ConcurrentHashMap<>();
  final Map<String, SubmissionView> submissions = new ConcurrentHashMap<>();
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  /** When set, every submission meets a full queue. */
  volatile boolean queueFull;

  @Override
  public CompletionStage<AssignmentView> createAssignment(NewAssignment a) {
    String id = a.id() == null ? UUID.randomUUID().toString() : a.id();
    if (assignments.containsKey(id)) {
      return CompletableFuture.failedFuture(ApiProblem.conflict("assignment_exists", "an assignment with id " + id + " exists"));
    }
    var view = new AssignmentView(id, a.title(), a.flavour(), a.spec(), "0".repeat(64), Instant.now());
    assignments.put(id, view);
    return CompletableFuture.completedFuture(view);
  }

  @Override
  public CompletionStage<Optional<AssignmentView>> assignment(String id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(assignments.get(id)));
  }

  @Override
  public CompletionStage<SubmissionView> submit(String assignmentId, String student, List<SubmittedFile> files) {
    if (!assignments.containsKey(assignmentId)) {
      return CompletableFuture.failedFuture(ApiProblem.notFound("assignment", assignmentId));
    }
    if (queueFull) {
      return CompletableFuture.failedFuture(ApiProblem.unavailable("queue_full", "the default queue is full", 7));
    }
    var view = new SubmissionView(UUID.randomUUID().toString(), assignmentId, "default", student,
        files.stream().map(SubmittedFile::path).toList(), SubmissionStatus.QUEUED, 0, Instant.now(),
        Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    submissions.put(view.id(), view);
    return CompletableFuture.completedFuture(view);
  }

  @Override
  public CompletionStage<Optional<SubmissionView>> submission(String id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(submissions.get(id)));
  }

  @Override
  public CompletionStage<QueuesStatus> queues() {
    return CompletableFuture.completedFuture(new QueuesStatus(List.of(
        new FlavourStatus("default", submissions.size(), 0, 0, 0, 0, 0, 0, 5000, 100))));
  }

  @Override
  public CompletionStage<String> storeBlob(byte[] content) {
    String hash = dev.autograder.ContentHash.sha256(content);
    blobs.put(hash, content);
    return CompletableFuture.completedFuture(hash);
  }

  @Override
  public CompletionStage<Optional<byte[]>> blob(String hash) {
    return CompletableFuture.completedFuture(Optional.ofNullable(blobs.get(hash)));
  }
}
