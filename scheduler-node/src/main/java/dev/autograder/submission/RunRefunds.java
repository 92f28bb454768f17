package dev.autograder.submission;

/**
 * Gives a student's run back when the platform, not the student, failed the grading: a run of the
 * submission limit, or of the practice allowance for a practice run.
 */
@FunctionalInterface
public interface RunRefunds {
  RunRefunds NONE = (assignmentId, student, submissionId, practice) -> {};

  void refund(String assignmentId, String student, String submissionId, boolean practice);
}
