package dev.autograder.grading;

/** How a test's actual stdout is compared with the expected stdout. */
public enum Comparison {
  /** Byte for byte. */
  EXACT,
  /** The same words in the same order; any run of whitespace matches any other. */
  WHITESPACE
}
