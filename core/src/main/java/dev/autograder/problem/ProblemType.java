package dev.autograder.problem;

/** Whether submissions pass or fail, or get a score, and by which version of the format's rules. */
public enum ProblemType {
  PASS_FAIL,
  /** Scored by the legacy default grader: testdata.yaml's grader_flags, accept_score, range... */
  SCORING_LEGACY,
  /**
   * Scored by the 2023-07 rules: the {@code scoring} maps of the secret group and its subgroups.
   */
  SCORING_2023_07
}
