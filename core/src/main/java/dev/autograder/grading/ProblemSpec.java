package dev.autograder.grading;

import java.util.Objects;

/**
 * A problem package in the Kattis / ICPC format. Each secret test case is worth one point; sample
 * cases are run and shown but worth nothing. The submission's language follows its files.
 *
 * @param packageHash SHA-256 of the package zip in the blob store
 * @param name the problem's name from problem.yaml
 */
public record ProblemSpec(String packageHash, String name, int secretTestCases) implements GradingSpec {
  public ProblemSpec {
    Objects.requireNonNull(packageHash, "packageHash");
  }

  @Override
  public double maxScore() {
    return secretTestCases;
  }
}
