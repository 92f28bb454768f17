package dev.autograder.queue;

/** Which jobs go first: a student waiting on a submission before a bulk regrade. */
public enum JobPriority {
  INTERACTIVE,
  REGRADE
}
