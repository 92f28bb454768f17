package dev.autograder.api;

import dev.autograder.assignment.AssignmentView;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.submission.SubmissionView;
import dev.autograder.submission.SubmittedFile;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the HTTP routes ask of the cluster. The scheduler node implements it over the sharded
 * entities, the scheduler singleton and the blob store; failed stages carry an {@link ApiProblem}
 * when the request was at fault.
 */
public interface GradingDesk {

  CompletionStage<AssignmentView> createAssignment(NewAssignment assignment);

  CompletionStage<Optional<AssignmentView>> assignment(String id);

  /**
   * Holds a place in the flavour's queue, persists the submission, then lets the job out; when
   * the queue is full it fails with a 503 (Retry-After) and nothing is recorded.
   */
  CompletionStage<SubmissionView> submit(String assignmentId, String student, List<SubmittedFile> files);

  /** The submission, with where its job is now while it is not graded. */
  CompletionStage<Optional<SubmissionView>> submission(String id);

  /** Every flavour's queue: depth, runners, waits. */
  CompletionStage<QueuesStatus> queues();

  /** Stores a content-addressed blob (an uploaded package) and answers its SHA-256. */
  CompletionStage<String> storeBlob(byte[] content);

  /** A content-addressed blob, for runners. */
  CompletionStage<Optional<byte[]>> blob(String hash);
}
