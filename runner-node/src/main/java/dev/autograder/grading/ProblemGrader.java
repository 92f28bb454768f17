package dev.autograder.grading;

import dev.autograder.flavour.Flavour;
import dev.autograder.queue.Progress;
import dev.autograder.problem.DefaultOutputValidator;
import dev.autograder.problem.InvalidPackageException;
import dev.autograder.problem.ProblemPackage;
import dev.autograder.problem.ProgramSource;
import dev.autograder.problem.TestCase;
import dev.autograder.problem.Validation;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Grades against a Kattis / ICPC problem package: sample cases first, then secret ones, each in a
 * fresh process tree; the default output validator (with the package's flags) runs here, a custom
 * one in a sandbox of its own, so answers never enter the student's sandbox.
 */
final class ProblemGrader {
  private static final long MAX_PACKAGE_BYTES = 512L * 1024 * 1024;
  private static final long MIB = 1024 * 1024;

  private final Sandbox sandbox;
  private final ValidatorCache validators;
  /** Time limits derived from the judge solutions, by package hash: measured once per runner. */
  private final Map<String, Duration> derivedLimits = new ConcurrentHashMap<>();

  ProblemGrader(Sandbox sandbox, ValidatorCache validators) {
    this.sandbox = sandbox;
    this.validators = validators;
  }

  GradingResult grade(ProblemSpec spec, byte[] packageZip, Map<String, byte[]> files, Flavour flavour, String label,
      Consumer<Progress> progress) {
    ProblemPackage pkg;
    try {
      pkg = ProblemPackage.parse(packageZip, MAX_PACKAGE_BYTES);
    } catch (InvalidPackageException e) {
      throw new SetupFailure("the problem package cannot be used: " + e.getMessage());
    }
    Flavour limited = flavour.limitedTo(pkg.limits().memoryMib().orElse(Long.MAX_VALUE / MIB) * MIB,
        pkg.limits().outputMib().orElse(Long.MAX_VALUE / MIB) * MIB);
    Optional<Language> language = Toolchain.detect(files);
    if (language.isEmpty()) {
      String why = "submit the sources of one language: .c, .cpp (.cc, .cxx), .java or .py";
      return GradingResult.of(Verdict.COMPILE_ERROR, 0, spec.maxScore(), why, List.of(), why);
    }
    Duration limit = timeLimit(spec, pkg, limited, label);
    Toolchain toolchain = Toolchain.of(language.get(), null, files, problemNames(pkg));
    try (Sandbox.Session session = sandbox.open(limited, limited.image(), label)) {
      int cases = pkg.testCases().size();
      progress.accept(new Progress(Progress.Phase.COMPILING, 0, cases));
      var build = ProgramBuild.compile(session, toolchain, limited, files);
      if (build.failure().isPresent()) {
        return GradingResult.of(Verdict.COMPILE_ERROR, 0, spec.maxScore(), build.compileOutput(), List.of(),
            build.failure().get());
      }
      Validator validator = validator(spec, pkg, limited, label);
      List<TestVerdict> verdicts = new ArrayList<>();
      for (TestCase testCase : pkg.testCases()) {
        progress.accept(new Progress(Progress.Phase.TESTING, verdicts.size() + 1, cases));
        verdicts.add(runCase(session, toolchain, limited, limit, testCase, validator));
      }
      return RunJudgement.summarize(spec.maxScore(), build.compileOutput(), verdicts);
    }
  }

  private TestVerdict runCase(Sandbox.Session session, Toolchain toolchain, Flavour flavour, Duration limit,
      TestCase testCase, Validator validator) {
    boolean secret = testCase.group() == TestCase.Group.SECRET;
    double points = secret ? 1 : 0;
    Visibility visibility = secret ? Visibility.HIDDEN : Visibility.VISIBLE;
    StepOutcome run = session.run(SandboxStep.of(toolchain.runCommand(flavour, List.of()), limit,
        flavour.outputLimitBytes() + 1).withStdin(testCase.input()));
    var judged = RunJudgement.of(run, toolchain, flavour, limit);
    if (judged.isPresent()) {
      return RunJudgement.verdict(testCase.name(), judged.get().verdict(), points, run, visibility, judged.get().feedback());
    }
    Optional<String> wrong = validator.judge(testCase.input(), testCase.answer(), run.stdout());
    return RunJudgement.verdict(testCase.name(), wrong.isPresent() ? Verdict.WRONG_ANSWER : Verdict.ACCEPTED, points,
        run, visibility, wrong.orElse(""));
  }

  /**
   * The package's output validator: the default one here, or its custom program in a sandbox,
   * compiled once per package on this runner.
   */
  private Validator validator(ProblemSpec spec, ProblemPackage pkg, Flavour flavour, String label) {
    List<String> flags = pkg.validatorFlags();
    if (pkg.validation() == Validation.DEFAULT) {
      return new Validator(Optional.empty(), flags);
    }
    ProgramSource source = pkg.outputValidator().orElseThrow();
    Language language = Toolchain.detect(source.files())
        .orElseThrow(() -> new SetupFailure("the output validator's language cannot be told from its files"));
    return new Validator(Optional.of(validators.get("package:" + spec.packageHash(),
        () -> OutputValidatorProgram.build(sandbox, flavour, language, null, source.files(), label))), flags);
  }

  private record Validator(Optional<OutputValidatorProgram> program, List<String> flags) {
    Optional<String> judge(byte[] input, byte[] answer, byte[] output) {
      if (program.isPresent()) {
        return program.get().judge(input, answer, output, flags);
      }
      var judgement = DefaultOutputValidator.judge(ProgramBuild.text(answer), ProgramBuild.text(output), flags);
      return judgement.accepted() ? Optional.empty() : Optional.of(judgement.message());
    }
  }

  /** A program's main file or class may be named after the problem, as on Kattis. */
  private static List<String> problemNames(ProblemPackage pkg) {
    return List.of(pkg.shortName(), pkg.name());
  }

  /**
   * The package's explicit time limit, or the Kattis rule: the slowest accepted judge solution's
   * time on any test case times time_multiplier (at least one second, in tenths of a second up).
   */
  private Duration timeLimit(ProblemSpec spec, ProblemPackage pkg, Flavour flavour, String label) {
    var explicit = pkg.limits().timeLimitSeconds();
    if (explicit.isPresent()) {
      return Duration.ofMillis(Math.round(explicit.getAsDouble() * 1000));
    }
    return derivedLimits.computeIfAbsent(spec.packageHash(), hash -> {
      long slowest = 0;
      for (ProgramSource solution : pkg.acceptedSolutions()) {
        slowest = Math.max(slowest, slowestCase(solution, pkg, flavour, label));
      }
      if (slowest == 0) {
        return flavour.wallTime();
      }
      long millis = (long) Math.ceil(slowest * pkg.limits().timeMultiplier() / 100.0) * 100;
      return Duration.ofMillis(Math.min(Math.max(1000, millis), flavour.wallTime().toMillis()));
    });
  }

  private long slowestCase(ProgramSource solution, ProblemPackage pkg, Flavour flavour, String label) {
    Toolchain toolchain = Toolchain.of(Toolchain.detect(solution.files())
        .orElseThrow(() -> new SetupFailure("the judge solution " + solution.name() + " has no single language")),
        null, solution.files(), problemNames(pkg));
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(), label + "-judge")) {
      if (ProgramBuild.compile(session, toolchain, flavour, solution.files()).failure().isPresent()) {
        throw new SetupFailure("the judge solution " + solution.name() + " does not compile");
      }
      long slowest = 0;
      for (TestCase testCase : pkg.testCases()) {
        StepOutcome run = session.run(SandboxStep.of(toolchain.runCommand(flavour, List.of()), flavour.wallTime(),
            flavour.outputLimitBytes() + 1).withStdin(testCase.input()));
        if (run.overTime() || run.exitCode() != 0) {
          throw new SetupFailure("the judge solution " + solution.name() + " fails on " + testCase.name());
        }
        slowest = Math.max(slowest, run.wallMillis());
      }
      return slowest;
    }
  }
}
