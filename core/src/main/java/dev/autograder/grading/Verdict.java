package dev.autograder.grading;

/** The outcome of one test or of a whole submission. */
public enum Verdict {
  ACCEPTED,
  WRONG_ANSWER,
  COMPILE_ERROR,
  RUNTIME_ERROR,
  TIME_LIMIT,
  MEMORY_LIMIT,
  OUTPUT_LIMIT,
  /** The platform failed, not the student: never counts against the student. */
  INFRA_ERROR
}
