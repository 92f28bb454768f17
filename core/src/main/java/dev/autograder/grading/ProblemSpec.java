package dev.autograder.grading;

import java.util.List;
import java.util.Objects;

/**
 * A problem package in the Kattis / ICPC format. In a pass-fail problem each secret test case is
 * worth one point; sample cases are run and shown but worth nothing. A scoring problem is scored on
 * its own scale by its test groups' rules. The submission's language follows its files.
 *
 * @param packageHash SHA-256 of the package zip in the blob store
 * @param name the problem's name from problem.yaml
 * @param scoringMaxScore a scoring problem's maximum score; null for a pass-fail problem (and for
 *     specs stored before scoring problems were graded)
 */
public record ProblemSpec(
    String packageHash, String name, int secretTestCases, Double scoringMaxScore)
    implements GradingSpec {
  public ProblemSpec {
    Objects.requireNonNull(packageHash, "packageHash");
  }

  @Override
  public List<String> referencedBlobs() {
    return List.of(packageHash);
  }

  /** A pass-fail problem. */
  public ProblemSpec(String packageHash, String name, int secretTestCases) {
    this(packageHash, name, secretTestCases, null);
  }

  @Override
  public double maxScore() {
    return scoringMaxScore != null ? scoringMaxScore : secretTestCases;
  }
}
