package dev.autograder.problem;

import dev.autograder.grading.GroupResult;
import dev.autograder.grading.Verdict;
import dev.autograder.problem.GroupRules.Aggregation;
import dev.autograder.problem.GroupRules.GraderFlags;
import dev.autograder.problem.GroupRules.Scoring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The format's default grader: walks a package's test data groups in order, has each test case
 * judged (lazily, so a group that breaks on a rejection runs no more of its cases) and aggregates
 * verdicts and scores group by group.
 *
 * <ul>
 *   <li>A pass-fail problem: every case runs, an accepted secret case is a point, the verdict is
 *       the first case's that was not accepted.
 *   <li>A legacy scoring problem: each group by its testdata.yaml (on_reject, grader_flags,
 *       accept_score, reject_score, range); the submission's verdict and score are the root's.
 *   <li>A 2023-07 scoring problem: the secret group by its {@code scoring} maps (pass-fail, sum or
 *       min aggregation, maximum scores inferred down the tree); samples run but score nothing.
 * </ul>
 */
public final class DefaultGrader {

  /** Runs and judges one test case, given the validator flags of its group. */
  @FunctionalInterface
  public interface CaseJudge {
    CaseOutcome judge(TestCase testCase, List<String> validatorFlags);
  }

  /**
   * A judged case.
   *
   * @param validatorScore what a custom validator wrote to score.txt, for an accepted case
   * @param validatorMultiplier what it wrote to score_multiplier.txt (2023-07), for an accepted
   *     case
   */
  public record CaseOutcome(
      Verdict verdict, OptionalDouble validatorScore, OptionalDouble validatorMultiplier) {
    public static CaseOutcome of(Verdict verdict) {
      return new CaseOutcome(verdict, OptionalDouble.empty(), OptionalDouble.empty());
    }
  }

  /** A case's score and the most it could have scored. */
  public record CaseScore(double score, double maxScore) {}

  /**
   * The submission's verdict and score on the package's scale.
   *
   * @param cases by test case name, the cases that ran, in order
   * @param groups the groups below the root that ran, each before its subgroups (scoring problems)
   */
  public record Graded(
      Verdict verdict,
      double score,
      double maxScore,
      Map<String, CaseScore> cases,
      List<GroupResult> groups) {}

  /**
   * The legacy worst_error order (JE, RTE, MLE, TLE, OLE, WA): the first that some sub-result has.
   */
  private static final List<Verdict> WORST_FIRST =
      List.of(
          Verdict.INFRA_ERROR,
          Verdict.RUNTIME_ERROR,
          Verdict.MEMORY_LIMIT,
          Verdict.TIME_LIMIT,
          Verdict.OUTPUT_LIMIT,
          Verdict.WRONG_ANSWER);

  private static final double SECRET_DEFAULT_SCORE = 100;

  private final ProblemPackage pkg;
  private final CaseJudge judge;
  private final Map<String, CaseScore> cases = new LinkedHashMap<>();
  private final Map<String, Verdict> verdicts = new LinkedHashMap<>();
  private final List<GroupResult> groups = new ArrayList<>();
  private Verdict firstError = Verdict.ACCEPTED;

  private DefaultGrader(ProblemPackage pkg, CaseJudge judge) {
    this.pkg = pkg;
    this.judge = judge;
  }

  public static Graded grade(ProblemPackage pkg, CaseJudge judge) {
    return new DefaultGrader(pkg, judge).grade();
  }

  /**
   * The most a submission can score: the number of secret cases of a pass-fail problem; a legacy
   * scoring problem's root range, else what accepting every case would score; a 2023-07 scoring
   * problem's secret score (100 by default).
   *
   * @throws InvalidPackageException when the groups' maximum scores do not add up
   */
  public static double maxScore(ProblemPackage pkg) {
    return switch (pkg.type()) {
      case PASS_FAIL ->
          pkg.testCases().stream().filter(t -> t.group() == TestCase.Group.SECRET).count();
      case SCORING_LEGACY -> legacyMaximum(pkg.data(), true);
      case SCORING_2023_07 -> {
        checkMaxima(secret(pkg.data()), secretMaximum(pkg.data()), true);
        yield secretMaximum(pkg.data());
      }
    };
  }

  private Graded grade() {
    return switch (pkg.type()) {
      case PASS_FAIL -> {
        passFail(pkg.data());
        double score = cases.values().stream().mapToDouble(CaseScore::score).sum();
        yield new Graded(firstError, score, maxScore(pkg), cases, List.of());
      }
      case SCORING_LEGACY -> {
        Result root = legacy(pkg.data(), true);
        yield new Graded(root.verdict(), root.score(), maxScore(pkg), cases, groups);
      }
      case SCORING_2023_07 -> {
        double score = 0;
        for (TestNode item : pkg.data().items()) {
          TestGroup group = (TestGroup) item;
          if (group.path().equals("secret")) {
            score = scored(group, secretMaximum(pkg.data()), true);
          } else {
            passFail(group);
          }
        }
        yield new Graded(firstError, score, maxScore(pkg), cases, groups);
      }
    };
  }

  private CaseOutcome judged(TestCase testCase, TestGroup group) {
    CaseOutcome outcome = judge.judge(testCase, pkg.validatorFlags(group));
    verdicts.put(testCase.name(), outcome.verdict());
    if (firstError == Verdict.ACCEPTED) {
      firstError = outcome.verdict();
    }
    return outcome;
  }

  /** Every case runs; an accepted secret case is a point. */
  private void passFail(TestGroup group) {
    for (TestNode item : group.items()) {
      if (item instanceof TestCase testCase) {
        double points =
            pkg.type() == ProblemType.PASS_FAIL && testCase.group() == TestCase.Group.SECRET
                ? 1
                : 0;
        boolean accepted = judged(testCase, group).verdict() == Verdict.ACCEPTED;
        cases.put(testCase.name(), new CaseScore(accepted ? points : 0, points));
      } else {
        passFail((TestGroup) item);
      }
    }
  }

  // The legacy default grader.

  private record Result(Verdict verdict, double score) {}

  private Result legacy(TestGroup group, boolean root) {
    int at = groups.size();
    GroupRules rules = group.rules();
    List<Result> results = new ArrayList<>();
    for (TestNode item : group.items()) {
      Result result =
          item instanceof TestCase testCase
              ? legacyCase(testCase, group)
              : legacy((TestGroup) item, false);
      results.add(result);
      if (rules.breakOnReject() && result.verdict() != Verdict.ACCEPTED) {
        break;
      }
    }
    if (root && ignoresSample(group) && !results.isEmpty()) {
      results.remove(0);
      // What does not count is not shown as a group either: its cases still are.
      groups.removeIf(g -> g.path().equals("sample") || g.path().startsWith("sample/"));
    }
    GraderFlags flags = rules.graderFlags();
    Result result = new Result(verdict(results, flags), clamp(score(results, flags), rules));
    if (!root) {
      groups.add(
          at,
          new GroupResult(
              group.path(), result.verdict(), result.score(), legacyMaximum(group, false)));
    }
    return result;
  }

  private Result legacyCase(TestCase testCase, TestGroup group) {
    CaseOutcome outcome = judged(testCase, group);
    GroupRules rules = group.rules();
    double score =
        outcome.verdict() == Verdict.ACCEPTED
            ? outcome.validatorScore().orElse(rules.acceptScore())
            : rules.rejectScore();
    cases.put(testCase.name(), new CaseScore(score, rules.acceptScore()));
    return new Result(outcome.verdict(), score);
  }

  /** ignore_sample counts at the root only, where the first sub-result is the sample group's. */
  private static boolean ignoresSample(TestGroup root) {
    return root.rules().graderFlags().ignoreSample()
        && !root.items().isEmpty()
        && root.items().get(0) instanceof TestGroup first
        && first.path().equals("sample");
  }

  private static Verdict verdict(List<Result> results, GraderFlags flags) {
    if (results.isEmpty()
        || flags.verdictMode() == GroupRules.VerdictMode.ALWAYS_ACCEPT
        || flags.acceptIfAnyAccepted()
            && results.stream().anyMatch(r -> r.verdict() == Verdict.ACCEPTED)) {
      return Verdict.ACCEPTED;
    }
    List<Verdict> errors =
        results.stream().map(Result::verdict).filter(v -> v != Verdict.ACCEPTED).toList();
    if (errors.isEmpty()) {
      return Verdict.ACCEPTED;
    }
    if (flags.verdictMode() == GroupRules.VerdictMode.FIRST_ERROR) {
      return errors.get(0);
    }
    return WORST_FIRST.stream().filter(errors::contains).findFirst().orElse(errors.get(0));
  }

  private static double score(List<Result> results, GraderFlags flags) {
    var scores = results.stream().mapToDouble(Result::score);
    if (results.isEmpty()) {
      return 0;
    }
    return switch (flags.scoreMode()) {
      case SUM -> scores.sum();
      case AVG -> scores.average().orElse(0);
      case MIN -> scores.min().orElse(0);
      case MAX -> scores.max().orElse(0);
    };
  }

  private static double clamp(double score, GroupRules rules) {
    return Math.max(rules.rangeMin(), Math.min(rules.rangeMax(), score));
  }

  /**
   * A legacy group's maximum: what it scores with every case accepted (each at its accept_score),
   * clamped into its range; the root's is the top of its range, when it has one: the package's
   * scale.
   */
  private static double legacyMaximum(TestGroup group, boolean root) {
    GroupRules rules = group.rules();
    if (root && Double.isFinite(rules.rangeMax())) {
      return rules.rangeMax();
    }
    List<Result> results = new ArrayList<>();
    for (TestNode item : group.items()) {
      results.add(
          new Result(
              Verdict.ACCEPTED,
              item instanceof TestCase
                  ? rules.acceptScore()
                  : legacyMaximum((TestGroup) item, false)));
    }
    if (root && ignoresSample(group) && !results.isEmpty()) {
      results.remove(0);
    }
    return clamp(score(results, rules.graderFlags()), rules);
  }

  // The 2023-07 rules.

  private static double secretMaximum(TestGroup root) {
    return secret(root).rules().scoring().flatMap(Scoring::score).orElse(SECRET_DEFAULT_SCORE);
  }

  private static TestGroup secret(TestGroup root) {
    return root.items().stream()
        .map(TestGroup.class::cast)
        .filter(g -> g.path().equals("secret"))
        .findFirst()
        .orElseThrow();
  }

  private static Aggregation aggregation(TestGroup group, boolean secret) {
    return group
        .rules()
        .scoring()
        .flatMap(Scoring::aggregation)
        .orElse(secret ? Aggregation.SUM : Aggregation.PASS_FAIL);
  }

  /** A scored group's score, out of {@code maximum}. */
  private double scored(TestGroup group, double maximum, boolean secret) {
    int at = groups.size();
    Aggregation aggregation = aggregation(group, secret);
    double score;
    if (aggregation == Aggregation.PASS_FAIL) {
      passFail(group);
      score = groupVerdict(group) == Verdict.ACCEPTED ? maximum : 0;
    } else {
      double share = childMaximum(group, maximum, aggregation);
      List<Double> scores = new ArrayList<>();
      for (TestNode item : group.items()) {
        if (item instanceof TestCase testCase) {
          scores.add(scoredCase(testCase, group, share));
        } else {
          TestGroup subgroup = (TestGroup) item;
          scores.add(
              scored(
                  subgroup,
                  subgroup.rules().scoring().flatMap(Scoring::score).orElse(share),
                  false));
        }
      }
      var all = scores.stream().mapToDouble(Double::doubleValue);
      score = Math.min(maximum, aggregation == Aggregation.SUM ? all.sum() : all.min().orElse(0));
    }
    if (!secret) {
      groups.add(at, new GroupResult(group.path(), groupVerdict(group), score, maximum));
    }
    return score;
  }

  private double scoredCase(TestCase testCase, TestGroup group, double maximum) {
    CaseOutcome outcome = judged(testCase, group);
    double score = 0;
    if (outcome.verdict() == Verdict.ACCEPTED) {
      score =
          outcome.validatorScore().isPresent()
              ? outcome.validatorScore().getAsDouble()
              : maximum * outcome.validatorMultiplier().orElse(1);
    }
    cases.put(testCase.name(), new CaseScore(score, maximum));
    return score;
  }

  /**
   * A subgroup's or case's default maximum: an even share of what the group's explicit ones leave.
   */
  private static double childMaximum(TestGroup group, double maximum, Aggregation aggregation) {
    if (aggregation == Aggregation.MIN) {
      return maximum;
    }
    double given = 0;
    int unscored = 0;
    for (TestNode item : group.items()) {
      Optional<Double> explicit =
          item instanceof TestGroup subgroup
              ? subgroup.rules().scoring().flatMap(Scoring::score)
              : Optional.empty();
      if (explicit.isPresent()) {
        given += explicit.get();
      } else {
        unscored++;
      }
    }
    if (given > maximum + 1e-9) {
      throw new InvalidPackageException(
          "the scores of the subgroups of data/"
              + group.path()
              + " add up to "
              + given
              + ", more than its score of "
              + maximum);
    }
    return unscored == 0 ? 0 : (maximum - given) / unscored;
  }

  /** A 2023-07 group's verdict: the first of its cases' that was not accepted. */
  private Verdict groupVerdict(TestGroup group) {
    return group
        .cases()
        .map(c -> verdicts.get(c.name()))
        .filter(v -> v != null && v != Verdict.ACCEPTED)
        .findFirst()
        .orElse(Verdict.ACCEPTED);
  }

  /** Every group's maximum score, checked to add up. */
  private static void checkMaxima(TestGroup group, double maximum, boolean secret) {
    Aggregation aggregation = aggregation(group, secret);
    if (aggregation == Aggregation.PASS_FAIL) {
      return;
    }
    double share = childMaximum(group, maximum, aggregation);
    for (TestNode item : group.items()) {
      if (item instanceof TestGroup subgroup) {
        checkMaxima(
            subgroup, subgroup.rules().scoring().flatMap(Scoring::score).orElse(share), false);
      }
    }
  }
}
