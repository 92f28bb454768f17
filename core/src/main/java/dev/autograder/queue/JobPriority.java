package dev.autograder.queue;

/**
 * Which jobs go first, in this order: a student waiting on a submission, then a bulk regrade, then
 * a practice run (it counts for nothing, so it waits behind everything that does).
 */
public enum JobPriority {
  INTERACTIVE,
  REGRADE,
  PRACTICE
}
