package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Language;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.problem.DefaultGrader;
import dev.autograder.problem.DefaultOutputValidator;
import dev.autograder.problem.InvalidPackageException;
import dev.autograder.problem.JudgeSolutions;
import dev.autograder.problem.ProblemPackage;
import dev.autograder.problem.ProblemType;
import dev.autograder.problem.ProgramSource;
import dev.autograder.problem.TestCase;
import dev.autograder.problem.Validation;
import dev.autograder.queue.Progress;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grades against a Kattis / ICPC problem package: sample cases first, then secret ones, each in a
 * fresh process tree; the default output validator (with the package's flags) runs here, a custom
 * one in a sandbox of its own, so answers never enter the student's sandbox.
 */
final class ProblemGrader {
  private static final Logger log = LoggerFactory.getLogger(ProblemGrader.class);
  private static final long MAX_PACKAGE_BYTES = 512L * 1024 * 1024;
  private static final long MIB = 1024 * 1024;
  private static final int KEPT_INTERACTORS = 8;
  private static final int MAX_NOTE_CHARS = 1_000;

  private final Sandbox sandbox;
  private final ValidatorCache validators;

  /** Time limits derived from the judge solutions, by package hash: measured once per runner. */
  private final Map<String, Derived> derivedLimits = new ConcurrentHashMap<>();

  /** Built interactors, by package hash: each is built once per runner while it is kept. */
  private final Map<String, InteractorProgram> interactors =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InteractorProgram> eldest) {
          return size() > KEPT_INTERACTORS;
        }
      };

  /** A problem's time limit, and the judge solutions skipped while deriving it. */
  private record Derived(Duration limit, List<String> warnings) {}

  ProblemGrader(Sandbox sandbox, ValidatorCache validators) {
    this.sandbox = sandbox;
    this.validators = validators;
  }

  /**
   * Grades {@code files}; {@code measuredLimitMillis} is the time limit the assignment's setup
   * check measured (0 when none did: it is derived here, once per package on this runner). A
   * practice run is graded on the sample cases only; the time limit stays the whole package's.
   */
  GradingResult grade(
      ProblemSpec spec,
      byte[] packageZip,
      Map<String, byte[]> files,
      Flavour flavour,
      String label,
      long measuredLimitMillis,
      boolean practice,
      Consumer<Progress> progress) {
    ProblemPackage pkg = parse(packageZip);
    if (measuredLimitMillis > 0 && pkg.limits().timeLimitSeconds().isEmpty()) {
      derivedLimits.put(
          spec.packageHash(), new Derived(Duration.ofMillis(measuredLimitMillis), List.of()));
    }
    Flavour limited = limited(pkg, flavour);
    if (!practice) {
      return gradeParsed(spec, pkg, files, limited, label, 1, progress);
    }
    // Derived (and kept by package) from every case first: the samples alone would set it too low.
    timeLimit(spec, pkg, limited, label);
    return gradeParsed(spec, pkg.samplesOnly(), files, limited, label, 1, progress);
  }

  GradingResult grade(
      ProblemSpec spec,
      byte[] packageZip,
      Map<String, byte[]> files,
      Flavour flavour,
      String label,
      Consumer<Progress> progress) {
    return grade(spec, packageZip, files, flavour, label, 0, false, progress);
  }

  private static ProblemPackage parse(byte[] packageZip) {
    try {
      return ProblemPackage.parse(packageZip, MAX_PACKAGE_BYTES);
    } catch (InvalidPackageException e) {
      throw new SetupFailure("the problem package cannot be used: " + e.getMessage());
    }
  }

  private static Flavour limited(ProblemPackage pkg, Flavour flavour) {
    return flavour.limitedTo(
        pkg.limits().memoryMib().orElse(Long.MAX_VALUE / MIB) * MIB,
        pkg.limits().outputMib().orElse(Long.MAX_VALUE / MIB) * MIB);
  }

  /**
   * The check at upload: the time limit (explicit, or derived from the accepted judge solutions),
   * then every judge solution graded as a student's submission would be, each expected to get what
   * its directory of submissions/ says. A solution in a language the runners lack is skipped with a
   * warning. A failure of the package is the report's; a failure of the sandbox is thrown.
   */
  SetupReport check(ProblemSpec spec, byte[] packageZip, Flavour flavour, String label) {
    ProblemPackage pkg;
    List<JudgeSolutions.Solution> solutions;
    Derived limit;
    try {
      pkg = parse(packageZip);
      solutions = JudgeSolutions.read(packageZip, MAX_PACKAGE_BYTES);
      // Built now, so that a validator or interactor that does not build fails the check even
      // when no judge solution would have run it.
      if (pkg.validation() == Validation.INTERACTIVE) {
        interactor(spec, pkg, limited(pkg, flavour), label);
      } else {
        validator(spec, pkg, limited(pkg, flavour), label);
      }
      limit = timeLimit(spec, pkg, limited(pkg, flavour), label);
    } catch (InvalidPackageException | SetupFailure e) {
      return SetupReport.failed(e.getMessage());
    }
    // The time limit's derivation may have warned of an accepted solution already: once is enough.
    Set<String> warnings = new LinkedHashSet<>(limit.warnings());
    List<SetupReport.SolutionRun> runs = new ArrayList<>();
    StringBuilder log =
        new StringBuilder(
            "time limit: "
                + limit.limit().toMillis()
                + " ms"
                + (pkg.limits().timeLimitSeconds().isPresent()
                    ? " (problem.yaml)"
                    : " (from the accepted judge solutions)")
                + "; too-slow judge solutions must time out with it times "
                + pkg.limits().timeSafetyMargin()
                + "\n");
    boolean ready = true;
    for (JudgeSolutions.Solution solution : solutions) {
      Map<String, byte[]> files = solution.program().files();
      if (Toolchain.detect(files).isEmpty()) {
        warnings.add(skippedWarning(solution.path()));
        runs.add(new SetupReport.SolutionRun(solution.path(), null, 0, true, "skipped"));
        continue;
      }
      GradingResult graded;
      try {
        // The format's safety margin: a too-slow solution must time out even with the limit
        // stretched by it.
        double stretch =
            solution.category() == JudgeSolutions.Category.TIME_LIMIT_EXCEEDED
                ? pkg.limits().timeSafetyMargin()
                : 1;
        graded =
            gradeParsed(
                spec,
                pkg,
                files,
                limited(pkg, flavour),
                label + "-" + solution.category().directory(),
                stretch,
                p -> {});
      } catch (SetupFailure e) {
        return new SetupReport(
            false, log + e.getMessage(), limit.limit().toMillis(), List.copyOf(warnings), runs);
      }
      List<Verdict> verdicts = graded.tests().stream().map(TestVerdict::verdict).toList();
      // A note is kept short: a package may hold many judge solutions, and the report crosses the
      // cluster.
      Optional<String> unmet =
          graded.verdict() == Verdict.COMPILE_ERROR
              ? Optional.of(
                  shortened("does not compile: " + graded.log() + "\n" + graded.compileOutput()))
              : solution.category().unmet(verdicts);
      long slowest = graded.tests().stream().mapToLong(TestVerdict::wallMillis).max().orElse(0);
      runs.add(
          new SetupReport.SolutionRun(
              solution.path(), graded.verdict(), slowest, unmet.isEmpty(), unmet.orElse("")));
      log.append(solution.path())
          .append(": ")
          .append(graded.verdict())
          .append(", slowest ")
          .append(slowest)
          .append(" ms")
          .append(unmet.map(why -> " -- NOT AS EXPECTED: " + why).orElse(""))
          .append('\n');
      ready &= unmet.isEmpty();
    }
    if (!ready) {
      log.append(
          "the judge solutions marked NOT AS EXPECTED do not get what their directories say\n");
    }
    warnings.forEach(w -> log.append("warning: ").append(w).append('\n'));
    return new SetupReport(
        ready, log.toString(), limit.limit().toMillis(), List.copyOf(warnings), runs);
  }

  private static String skippedWarning(String path) {
    return path + " skipped: not in a language the runners have (C, C++, Java, Python)";
  }

  private static String shortened(String note) {
    return note.length() <= MAX_NOTE_CHARS ? note : note.substring(0, MAX_NOTE_CHARS) + " …";
  }

  /**
   * @param stretch what the time limit is multiplied by: 1 but for the check of too-slow judge
   *     solutions
   */
  private GradingResult gradeParsed(
      ProblemSpec spec,
      ProblemPackage pkg,
      Map<String, byte[]> files,
      Flavour limited,
      String label,
      double stretch,
      Consumer<Progress> progress) {
    Optional<Language> language = Toolchain.detect(files);
    if (language.isEmpty()) {
      String why = "submit the sources of one language: .c, .cpp (.cc, .cxx), .java or .py";
      return GradingResult.of(Verdict.COMPILE_ERROR, 0, spec.maxScore(), why, List.of(), why);
    }
    Duration limit =
        Duration.ofMillis(
            Math.round(timeLimit(spec, pkg, limited, label).limit().toMillis() * stretch));
    Toolchain toolchain = Toolchain.of(language.get(), null, files, problemNames(pkg));
    try (Sandbox.Session session = sandbox.open(limited, limited.image(), label)) {
      int cases = pkg.testCases().size();
      progress.accept(new Progress(Progress.Phase.COMPILING, 0, cases));
      var build = ProgramBuild.compile(session, toolchain, limited, files);
      if (build.failure().isPresent()) {
        return GradingResult.of(
            Verdict.COMPILE_ERROR,
            0,
            spec.maxScore(),
            build.compileOutput(),
            List.of(),
            build.failure().get());
      }
      Optional<InteractorProgram> interactor = interactor(spec, pkg, limited, label);
      Validator validator = interactor.isPresent() ? null : validator(spec, pkg, limited, label);
      Map<String, TestVerdict> ran = new LinkedHashMap<>();
      DefaultGrader.Graded graded;
      try {
        graded =
            DefaultGrader.grade(
                pkg,
                (testCase, flags) -> {
                  progress.accept(new Progress(Progress.Phase.TESTING, ran.size() + 1, cases));
                  CaseRun run =
                      interactor.isPresent()
                          ? interactiveCase(
                              session, toolchain, limited, limit, testCase, interactor.get(), flags)
                          : runCase(session, toolchain, limited, limit, testCase, validator, flags);
                  ran.put(testCase.name(), run.verdict());
                  ValidatorScore score =
                      pkg.type() == ProblemType.PASS_FAIL
                              || run.verdict().verdict() != Verdict.ACCEPTED
                          ? ValidatorScore.NONE
                          : ValidatorScore.from(
                              run.feedback(),
                              interactor.isPresent() ? "interactor" : "output validator");
                  return new DefaultGrader.CaseOutcome(
                      run.verdict().verdict(), score.score(), score.multiplier());
                });
      } catch (InvalidPackageException e) {
        throw new SetupFailure("the problem package cannot be used: " + e.getMessage());
      }
      List<TestVerdict> verdicts =
          ran.values().stream().map(t -> scored(t, graded.cases().get(t.name()))).toList();
      return new GradingResult(
          graded.verdict(),
          graded.score(),
          graded.maxScore(),
          build.compileOutput(),
          verdicts,
          "",
          Visibility.VISIBLE,
          "",
          Visibility.HIDDEN,
          0,
          "",
          List.of(),
          graded.groups(),
          null);
    }
  }

  /**
   * A case's verdict as the student sees it, and the validator's or interactor's feedback files
   * (where a scoring problem's score is).
   */
  private record CaseRun(TestVerdict verdict, Map<String, byte[]> feedback) {
    static CaseRun of(TestVerdict verdict) {
      return new CaseRun(verdict, Map.of());
    }
  }

  /** The test's verdict with the score the package's grader gave it. */
  private static TestVerdict scored(TestVerdict t, DefaultGrader.CaseScore score) {
    return new TestVerdict(
        t.name(),
        t.number(),
        t.verdict(),
        score.score(),
        score.maxScore(),
        t.wallMillis(),
        t.cpuMillis(),
        t.peakMemoryKib(),
        t.exitCode(),
        t.signal(),
        t.visibility(),
        t.feedback(),
        t.tags());
  }

  private CaseRun runCase(
      Sandbox.Session session,
      Toolchain toolchain,
      Flavour flavour,
      Duration limit,
      TestCase testCase,
      Validator validator,
      List<String> flags) {
    Visibility visibility = visibility(testCase);
    StepOutcome run =
        session.run(
            SandboxStep.of(
                    toolchain.runCommand(flavour, List.of()), limit, flavour.outputLimitBytes() + 1)
                .withStdin(testCase.input()));
    var judged = RunJudgement.of(run, toolchain, flavour, limit);
    if (judged.isPresent()) {
      return CaseRun.of(
          RunJudgement.verdict(
              testCase.name(),
              judged.get().verdict(),
              0,
              run,
              visibility,
              judged.get().feedback()));
    }
    var judgement = validator.judge(testCase.input(), testCase.answer(), run.stdout(), flags);
    return new CaseRun(
        RunJudgement.verdict(
            testCase.name(),
            judgement.accepted() ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER,
            0,
            run,
            visibility,
            judgement.message()),
        judgement.feedback());
  }

  /** Sample cases are shown to the student, secret ones only as a verdict. */
  private static Visibility visibility(TestCase testCase) {
    return testCase.group() == TestCase.Group.SECRET ? Visibility.HIDDEN : Visibility.VISIBLE;
  }

  /**
   * One test case of an interactive problem, judged by the Kattis rule: the program's time limit
   * first; then an interactor that neither accepted nor rejected is the package's failure; a
   * rejection wins over the program's failure when the interactor ended first; otherwise the
   * program's own failure (a crash, memory) comes before the interactor's verdict.
   */
  private static CaseRun interactiveCase(
      Sandbox.Session session,
      Toolchain toolchain,
      Flavour flavour,
      Duration limit,
      TestCase testCase,
      InteractorProgram interactor,
      List<String> flags) {
    Visibility visibility = visibility(testCase);
    var interaction =
        interactor.run(
            session,
            toolchain.runCommand(flavour, List.of()),
            flavour,
            limit,
            testCase.input(),
            testCase.answer(),
            flags);
    StepOutcome run = interaction.run();
    var judged = RunJudgement.of(run, toolchain, flavour, limit);
    if (judged.isPresent()
        && judged.get().verdict() != Verdict.RUNTIME_ERROR
        && judged.get().verdict() != Verdict.MEMORY_LIMIT) {
      return CaseRun.of(
          RunJudgement.verdict(
              testCase.name(),
              judged.get().verdict(),
              0,
              run,
              visibility,
              judged.get().feedback()));
    }
    int exit = interaction.interactorExit();
    if (exit != OutputValidatorProgram.ACCEPTED && exit != OutputValidatorProgram.WRONG_ANSWER) {
      throw new SetupFailure(
          "the interactor failed on "
              + testCase.name()
              + " (exit "
              + exit
              + "):\n"
              + interaction.stderr());
    }
    String rejection = interaction.message().isEmpty() ? "wrong answer" : interaction.message();
    if (exit == OutputValidatorProgram.WRONG_ANSWER && interaction.interactorFirst()) {
      return CaseRun.of(
          RunJudgement.verdict(
              testCase.name(), Verdict.WRONG_ANSWER, 0, run, visibility, rejection));
    }
    if (judged.isPresent()) {
      return CaseRun.of(
          RunJudgement.verdict(
              testCase.name(),
              judged.get().verdict(),
              0,
              run,
              visibility,
              judged.get().feedback()));
    }
    return exit == OutputValidatorProgram.ACCEPTED
        ? new CaseRun(
            RunJudgement.verdict(testCase.name(), Verdict.ACCEPTED, 0, run, visibility, ""),
            interaction.feedback())
        : CaseRun.of(
            RunJudgement.verdict(
                testCase.name(), Verdict.WRONG_ANSWER, 0, run, visibility, rejection));
  }

  /**
   * The package's interactor, when the problem is interactive: built once per package on this
   * runner.
   */
  private Optional<InteractorProgram> interactor(
      ProblemSpec spec, ProblemPackage pkg, Flavour flavour, String label) {
    if (pkg.validation() != Validation.INTERACTIVE) {
      return Optional.empty();
    }
    synchronized (interactors) {
      InteractorProgram kept = interactors.get(spec.packageHash());
      if (kept != null) {
        return Optional.of(kept);
      }
    }
    ProgramSource source = pkg.outputValidator().orElseThrow();
    Language language =
        Toolchain.detect(source.files())
            .orElseThrow(
                () -> new SetupFailure("the interactor's language cannot be told from its files"));
    InteractorProgram built =
        InteractorProgram.build(sandbox, flavour, language, source.files(), label);
    synchronized (interactors) {
      interactors.put(spec.packageHash(), built);
    }
    return Optional.of(built);
  }

  /**
   * The package's output validator: the default one here, or its custom program in a sandbox,
   * compiled once per package on this runner.
   */
  private Validator validator(ProblemSpec spec, ProblemPackage pkg, Flavour flavour, String label) {
    if (pkg.validation() == Validation.DEFAULT) {
      return new Validator(Optional.empty());
    }
    ProgramSource source = pkg.outputValidator().orElseThrow();
    Language language =
        Toolchain.detect(source.files())
            .orElseThrow(
                () ->
                    new SetupFailure(
                        "the output validator's language cannot be told from its files"));
    return new Validator(
        Optional.of(
            validators.get(
                "package:" + spec.packageHash(),
                () ->
                    OutputValidatorProgram.build(
                        sandbox, flavour, language, null, source.files(), label))));
  }

  private record Validator(Optional<OutputValidatorProgram> program) {
    OutputValidatorProgram.Judged judge(
        byte[] input, byte[] answer, byte[] output, List<String> flags) {
      if (program.isPresent()) {
        return program.get().judgeScored(input, answer, output, flags);
      }
      var judgement =
          DefaultOutputValidator.judge(ProgramBuild.text(answer), ProgramBuild.text(output), flags);
      return new OutputValidatorProgram.Judged(
          judgement.accepted(), judgement.accepted() ? "" : judgement.message(), Map.of());
    }
  }

  /** A program's main file or class may be named after the problem, as on Kattis. */
  private static List<String> problemNames(ProblemPackage pkg) {
    return List.of(pkg.shortName(), pkg.name());
  }

  /**
   * The package's explicit time limit, or the format's rule: the slowest accepted judge solution's
   * time on any test case times the multiplier (legacy time_multiplier, 2023-07
   * time_multipliers.ac_to_time_limit), rounded up to the time resolution (a whole second in the
   * legacy format), at most the flavour's wall time. Judge solutions in a language this runner
   * lacks are skipped; with none left the flavour's wall time is the limit. Only
   * submissions/accepted/ counts: a slow_accepted solution does not make the limit.
   */
  private Derived timeLimit(ProblemSpec spec, ProblemPackage pkg, Flavour flavour, String label) {
    var explicit = pkg.limits().timeLimitSeconds();
    if (explicit.isPresent()) {
      return new Derived(Duration.ofMillis(Math.round(explicit.getAsDouble() * 1000)), List.of());
    }
    return derivedLimits.computeIfAbsent(
        spec.packageHash(),
        hash -> {
          Optional<InteractorProgram> interactor = interactor(spec, pkg, flavour, label);
          List<String> skipped = new ArrayList<>();
          long slowest = 0;
          for (ProgramSource solution : pkg.acceptedSolutions()) {
            Optional<Language> language = Toolchain.detect(solution.files());
            if (language.isEmpty()) {
              String warning = skippedWarning("submissions/accepted/" + solution.name());
              log.warn("{}: {}", label, warning);
              skipped.add(warning);
              continue;
            }
            slowest =
                Math.max(
                    slowest,
                    slowestCase(solution, language.get(), pkg, interactor, flavour, label));
          }
          if (slowest == 0) {
            return new Derived(flavour.wallTime(), skipped);
          }
          long millis =
              derivedMillis(
                  slowest, pkg.limits().timeMultiplier(), pkg.limits().timeResolutionSeconds());
          return new Derived(
              Duration.ofMillis(Math.min(millis, flavour.wallTime().toMillis())), skipped);
        });
  }

  /** The slowest time times the multiplier, rounded up to a multiple of the resolution. */
  static long derivedMillis(long slowestMillis, double multiplier, double resolutionSeconds) {
    double resolution = resolutionSeconds * 1000;
    return Math.max(
        (long) resolution,
        (long) (Math.ceil(slowestMillis * multiplier / resolution - 1e-9) * resolution));
  }

  /**
   * The judge solution's slowest test case: its wall time, or for an interactive problem its CPU
   * time (its wall time includes the interactor's).
   */
  private long slowestCase(
      ProgramSource solution,
      Language language,
      ProblemPackage pkg,
      Optional<InteractorProgram> interactor,
      Flavour flavour,
      String label) {
    Toolchain toolchain = Toolchain.of(language, null, solution.files(), problemNames(pkg));
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(), label + "-judge")) {
      var build = ProgramBuild.compile(session, toolchain, flavour, solution.files());
      if (build.failure().isPresent()) {
        throw new SetupFailure(
            "the judge solution "
                + solution.name()
                + " does not compile ("
                + build.failure().get()
                + "):\n"
                + build.compileOutput());
      }
      long slowest = 0;
      for (TestCase testCase : pkg.testCases()) {
        if (interactor.isPresent()) {
          var interaction =
              interactor
                  .get()
                  .run(
                      session,
                      toolchain.runCommand(flavour, List.of()),
                      flavour,
                      flavour.wallTime(),
                      testCase.input(),
                      testCase.answer(),
                      pkg.validatorFlags(testCase));
          StepOutcome run = interaction.run();
          if (run.overTime()
              || run.exitCode() != 0
              || interaction.interactorExit() != OutputValidatorProgram.ACCEPTED) {
            throw new SetupFailure(
                "the judge solution "
                    + solution.name()
                    + " fails on "
                    + testCase.name()
                    + " (exit "
                    + run.exitCode()
                    + ", the interactor's "
                    + interaction.interactorExit()
                    + "): "
                    + interaction.message()
                    + interaction.stderr());
          }
          slowest = Math.max(slowest, run.cpuMillis());
        } else {
          StepOutcome run =
              session.run(
                  SandboxStep.of(
                          toolchain.runCommand(flavour, List.of()),
                          flavour.wallTime(),
                          flavour.outputLimitBytes() + 1)
                      .withStdin(testCase.input()));
          if (run.overTime() || run.exitCode() != 0) {
            throw new SetupFailure(
                "the judge solution " + solution.name() + " fails on " + testCase.name());
          }
          slowest = Math.max(slowest, run.wallMillis());
        }
      }
      return slowest;
    }
  }
}
