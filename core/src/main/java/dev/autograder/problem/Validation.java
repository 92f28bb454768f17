package dev.autograder.problem;

/**
 * How a problem's output is checked: by the format's default validator, by the package's own, or by
 * the package's interactor talking to the program while it runs (an interactive problem).
 */
public enum Validation {
  DEFAULT,
  CUSTOM,
  INTERACTIVE
}
