package dev.autograder.submission.view;

/** Where a submission is in its life. */
public enum SubmissionStatus {
  QUEUED,
  RUNNING,
  GRADED
}
