package dev.autograder.grader;

import dev.autograder.ContentHash;
import dev.autograder.flavour.Flavour;
import dev.autograder.grading.Comparison;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.IoTest;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.Progress;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Grades IO tests: compiles the submission, runs each test in a fresh process tree of the sandbox
 * with its stdin, arguments and input files, and judges the output here, outside the sandbox (or
 * with the spec's checker in a sandbox of its own), so expected outputs never enter the student's.
 */
final class IoGrader {
  private final Sandbox sandbox;
  private final ValidatorCache checkers;

  IoGrader(Sandbox sandbox, ValidatorCache checkers) {
    this.sandbox = sandbox;
    this.checkers = checkers;
  }

  GradingResult grade(
      IoSpec spec,
      Map<String, byte[]> files,
      Flavour flavour,
      String label,
      Consumer<Progress> progress) {
    Toolchain toolchain = Toolchain.of(spec.language(), spec.entryPoint(), files, List.of());
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(), label)) {
      progress.accept(new Progress(Progress.Phase.COMPILING, 0, spec.tests().size()));
      var build = ProgramBuild.compile(session, toolchain, flavour, files);
      if (build.failure().isPresent()) {
        return GradingResult.of(
            Verdict.COMPILE_ERROR,
            0,
            spec.maxScore(),
            build.compileOutput(),
            List.of(),
            build.failure().get());
      }
      Optional<OutputValidatorProgram> checker = checker(spec, flavour, label);
      List<TestVerdict> verdicts = new ArrayList<>();
      for (IoTest test : spec.tests()) {
        progress.accept(
            new Progress(Progress.Phase.TESTING, verdicts.size() + 1, spec.tests().size()));
        verdicts.add(runTest(session, toolchain, flavour, test, checker));
      }
      return RunJudgement.summarize(spec.maxScore(), build.compileOutput(), verdicts);
    }
  }

  /** The checker, when any test needs it: built once per checker version on this runner. */
  private Optional<OutputValidatorProgram> checker(IoSpec spec, Flavour flavour, String label) {
    boolean needed = spec.tests().stream().anyMatch(t -> t.comparison() == Comparison.CHECKER);
    if (!needed) {
      return Optional.empty();
    }
    if (spec.checker() == null) {
      throw new SetupFailure("a test is judged by a checker, but the spec has none");
    }
    Map<String, byte[]> sources = new TreeMap<>();
    spec.checker()
        .files()
        .forEach((path, text) -> sources.put(path, text.getBytes(StandardCharsets.UTF_8)));
    StringBuilder identity =
        new StringBuilder(spec.checker().language() + "|" + spec.checker().entryPoint());
    sources.forEach(
        (path, content) ->
            identity.append('|').append(path).append('|').append(ContentHash.sha256(content)));
    String key =
        "checker:" + ContentHash.sha256(identity.toString().getBytes(StandardCharsets.UTF_8));
    return Optional.of(
        checkers.get(
            key,
            () ->
                OutputValidatorProgram.build(
                    sandbox,
                    flavour,
                    spec.checker().language(),
                    spec.checker().entryPoint(),
                    sources,
                    label)));
  }

  private TestVerdict runTest(
      Sandbox.Session session,
      Toolchain toolchain,
      Flavour flavour,
      IoTest test,
      Optional<OutputValidatorProgram> checker) {
    Duration limit = flavour.wallTime();
    if (test.timeLimitMillis() > 0 && test.timeLimitMillis() < limit.toMillis()) {
      limit = Duration.ofMillis(test.timeLimitMillis());
    }
    Map<String, byte[]> inputs = new LinkedHashMap<>();
    test.files().forEach((path, text) -> inputs.put(path, text.getBytes(StandardCharsets.UTF_8)));
    byte[] stdin = test.stdin().getBytes(StandardCharsets.UTF_8);
    StepOutcome run =
        session.run(
            SandboxStep.of(
                    toolchain.runCommand(flavour, test.args()),
                    limit,
                    flavour.outputLimitBytes() + 1)
                .withStdin(stdin)
                .withFiles(inputs));
    var judged = RunJudgement.of(run, toolchain, flavour, limit);
    if (judged.isPresent()) {
      return RunJudgement.verdict(
          test.name(),
          judged.get().verdict(),
          test.points(),
          run,
          test.visibility(),
          judged.get().feedback());
    }
    Optional<String> wrong =
        test.comparison() == Comparison.CHECKER
            ? checker
                .orElseThrow()
                .judge(
                    stdin,
                    test.expectedStdout().getBytes(StandardCharsets.UTF_8),
                    run.stdout(),
                    List.of())
            : OutputComparison.judge(test, ProgramBuild.text(run.stdout()));
    return RunJudgement.verdict(
        test.name(),
        wrong.isPresent() ? Verdict.WRONG_ANSWER : Verdict.ACCEPTED,
        test.points(),
        run,
        test.visibility(),
        wrong.orElse(""));
  }
}
