package dev.autograder.grading;

import java.util.Objects;

/**
 * One input/output test: the program reads {@code stdin} and must print {@code expectedStdout}.
 *
 * @param timeLimitMillis the wall-clock limit for this test, 0 for the flavour's limit
 */
public record IoTest(
    String name,
    String stdin,
    String expectedStdout,
    Comparison comparison,
    double points,
    long timeLimitMillis,
    boolean hidden) {

  public IoTest {
    Objects.requireNonNull(name, "name");
    stdin = stdin == null ? "" : stdin;
    Objects.requireNonNull(expectedStdout, "expectedStdout");
    comparison = comparison == null ? Comparison.EXACT : comparison;
  }
}
