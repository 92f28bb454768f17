package dev.autograder.grading;

/**
 * How a test's actual stdout is judged against the expected stdout (always outside the sandbox).
 */
public enum Comparison {
  /** Byte for byte. */
  EXACT,
  /** The same words in the same order; any run of whitespace matches any other. */
  WHITESPACE,
  /** As WHITESPACE, ignoring letter case. */
  CASE_INSENSITIVE,
  /** As WHITESPACE, and numbers match within the test's absolute or relative tolerance. */
  FLOAT,
  /** The whole output matches the expected text read as a regular expression. */
  REGEX,
  /** The spec's checker program decides (Kattis output validator convention). */
  CHECKER
}
