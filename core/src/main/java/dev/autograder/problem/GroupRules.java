package dev.autograder.problem;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a test data group is judged and scored, from the testdata.yaml files on its path: each key a
 * group's file gives overrides its parent's, the others are inherited (the 2023-07 {@code scoring}
 * map is the group's own).
 *
 * @param breakOnReject legacy on_reject: stop the group at its first rejected case or subgroup
 * @param acceptScore legacy accept_score: an accepted case's score when its validator gives none
 * @param rejectScore legacy reject_score: a rejected case's score
 * @param rangeMin legacy range: the group's score is clamped into [rangeMin, rangeMax]
 * @param outputValidatorFlags the group's output_validator_flags, passed after problem.yaml's
 *     validator_flags to the default validator, the custom one or the interactor
 * @param scoring the group's 2023-07 {@code scoring} map, when it has one
 */
public record GroupRules(
    boolean breakOnReject,
    GraderFlags graderFlags,
    double acceptScore,
    double rejectScore,
    double rangeMin,
    double rangeMax,
    List<String> outputValidatorFlags,
    Optional<Scoring> scoring) {

  /** The implicit testdata.yaml of the root group: every key at the format's default. */
  public static final GroupRules DEFAULTS =
      new GroupRules(
          true,
          GraderFlags.DEFAULTS,
          1,
          0,
          Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY,
          List.of(),
          Optional.empty());

  public GroupRules {
    Objects.requireNonNull(graderFlags, "graderFlags");
    Objects.requireNonNull(scoring, "scoring");
    outputValidatorFlags = List.copyOf(outputValidatorFlags);
  }

  /** How the verdict of a group follows from its sub-results (legacy default grader). */
  public enum VerdictMode {
    /** The first of JE, RTE, MLE, TLE, OLE, WA that some sub-result has. */
    WORST_ERROR,
    /** The first sub-result's error. */
    FIRST_ERROR,
    ALWAYS_ACCEPT
  }

  /** How the score of a group follows from its sub-results' scores (legacy default grader). */
  public enum ScoreMode {
    SUM,
    AVG,
    MIN,
    MAX
  }

  /**
   * The legacy default grader's flags, from grader_flags; of conflicting modes the last one given
   * counts, as the format says.
   *
   * @param ignoreSample at the root only: the sample group's result counts for neither verdict nor
   *     score
   */
  public record GraderFlags(
      VerdictMode verdictMode,
      ScoreMode scoreMode,
      boolean acceptIfAnyAccepted,
      boolean ignoreSample) {

    public static final GraderFlags DEFAULTS =
        new GraderFlags(VerdictMode.WORST_ERROR, ScoreMode.SUM, false, false);

    /**
     * @throws IllegalArgumentException naming a flag the default grader does not have
     */
    static GraderFlags parse(List<String> flags) {
      VerdictMode verdict = DEFAULTS.verdictMode();
      ScoreMode score = DEFAULTS.scoreMode();
      boolean anyAccepted = false;
      boolean ignoreSample = false;
      for (String flag : flags) {
        switch (flag) {
          case "worst_error" -> verdict = VerdictMode.WORST_ERROR;
          case "first_error" -> verdict = VerdictMode.FIRST_ERROR;
          case "always_accept" -> verdict = VerdictMode.ALWAYS_ACCEPT;
          case "accept_if_any_accepted" -> anyAccepted = true;
          case "ignore_sample" -> ignoreSample = true;
          case "sum" -> score = ScoreMode.SUM;
          case "avg" -> score = ScoreMode.AVG;
          case "min" -> score = ScoreMode.MIN;
          case "max" -> score = ScoreMode.MAX;
          default ->
              throw new IllegalArgumentException(
                  "unknown grader flag '"
                      + PackageFiles.printable(flag)
                      + "' (known: first_error, worst_error, always_accept, accept_if_any_accepted, ignore_sample, sum, avg,"
                      + " min, max)");
        }
      }
      return new GraderFlags(verdict, score, anyAccepted, ignoreSample);
    }
  }

  /** The 2023-07 aggregation of a scored group. */
  public enum Aggregation {
    /** The group's whole score when every case in it and its subgroups is accepted, else 0. */
    PASS_FAIL,
    SUM,
    MIN
  }

  /**
   * A 2023-07 group's {@code scoring} map.
   *
   * @param score the group's maximum score: empty to infer it from the parent's
   */
  public record Scoring(Optional<Double> score, Optional<Aggregation> aggregation) {}
}
