package dev.autograder.submission;

/** Gives a student's run back when the platform, not the student, failed the grading. */
@FunctionalInterface
public interface RunRefunds {
  RunRefunds NONE = (assignmentId, student, submissionId) -> {};

  void refund(String assignmentId, String student, String submissionId);
}
