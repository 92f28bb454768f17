package dev.autograder.problem;

/** How a problem's output is checked: by the format's default validator or by the package's own. */
public enum Validation {
  DEFAULT,
  CUSTOM
}
