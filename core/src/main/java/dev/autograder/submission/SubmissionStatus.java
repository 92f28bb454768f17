package dev.autograder.submission;

/** Where a submission is in its life. */
public enum SubmissionStatus {
  QUEUED,
  RUNNING,
  GRADED
}
