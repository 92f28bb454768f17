package dev.autograder.grading;

/** The languages a submission can be written in; each has a toolchain in the grading image. */
public enum Language {
  JAVA,
  PYTHON,
  C,
  CPP
}
