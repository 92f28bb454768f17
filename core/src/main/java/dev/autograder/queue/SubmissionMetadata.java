package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What the API knew of a submission when it was received, for a Gradescope autograder's
 * /autograder/submission_metadata.json: the assignment, the student and their earlier submissions.
 *
 * @param previous the student's earlier submissions to the assignment, newest first
 */
public record SubmissionMetadata(
    String assignmentTitle,
    String courseId,
    Instant releaseDate,
    Instant dueDate,
    Instant lateDueDate,
    double totalPoints,
    String studentName,
    List<Previous> previous)
    implements CborSerializable {

  /** An earlier submission: when, its score (null while not graded) and whether grading failed. */
  public record Previous(Instant submissionTime, Double score, boolean autograderError)
      implements CborSerializable {}

  public SubmissionMetadata {
    previous = previous == null ? List.of() : List.copyOf(previous);
  }
}
