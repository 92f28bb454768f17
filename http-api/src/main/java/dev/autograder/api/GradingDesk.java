package dev.autograder.api;

import dev.autograder.assignment.AssignmentView;
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

  /** Persists the submission, queues it, and completes as soon as both happened. */
  CompletionStage<SubmissionView> submit(String assignmentId, String student, List<SubmittedFile> files);

  CompletionStage<Optional<SubmissionView>> submission(String id);

  /** Stores a content-addressed blob (an uploaded package) and answers its SHA-256. */
  CompletionStage<String> storeBlob(byte[] content);

  /** A content-addressed blob, for runners. */
  CompletionStage<Optional<byte[]>> blob(String hash);
}
