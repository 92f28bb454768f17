package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.Language;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checker or custom output validator, compiled in a sandbox session of its own (never the
 * student's, since it sees the expected answer), each judgement a run under a uid of its own, and
 * run the Kattis way: {@code validator input answer feedback_dir/ [flags] < output}; exit 42
 * accepts, 43 rejects.
 */
final class OutputValidatorProgram implements AutoCloseable {
  static final int ACCEPTED = 42;
  static final int WRONG_ANSWER = 43;
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String JUDGE_MESSAGE = "feedback/judgemessage.txt";

  private final Sandbox.Session session;
  private final Toolchain toolchain;
  private final Flavour flavour;

  private OutputValidatorProgram(Sandbox.Session session, Toolchain toolchain, Flavour flavour) {
    this.session = session;
    this.toolchain = toolchain;
    this.flavour = flavour;
  }

  /** Compiles the validator; a validator that does not build is the instructor's setup failure. */
  static OutputValidatorProgram build(
      Sandbox sandbox,
      Flavour flavour,
      Language language,
      String entryPoint,
      Map<String, byte[]> sources,
      String label) {
    Toolchain toolchain = Toolchain.of(language, entryPoint, sources, List.of());
    Sandbox.Session session = sandbox.open(flavour, flavour.image(), label + "-validator");
    var build = ProgramBuild.compile(session, toolchain, flavour, sources);
    if (build.failure().isPresent()) {
      session.close();
      throw new SetupFailure(
          "the output validator does not build ("
              + build.failure().get()
              + "):\n"
              + build.compileOutput());
    }
    return new OutputValidatorProgram(session, toolchain, flavour);
  }

  /** Accepted, or the validator's message for a wrong answer; its own failure is a SetupFailure. */
  Optional<String> judge(byte[] input, byte[] answer, byte[] output, List<String> flags) {
    Judged judged = judgeScored(input, answer, output, flags);
    return judged.accepted() ? Optional.empty() : Optional.of(judged.message());
  }

  /**
   * A judgement.
   *
   * @param feedback an accepted case's feedback files: where a scoring problem's validator puts its
   *     score
   */
  record Judged(boolean accepted, String message, Map<String, byte[]> feedback) {}

  /**
   * Like {@link #judge}, with the feedback files score.txt and score_multiplier.txt. Synchronized:
   * the runner's slots share a cached validator, and its steps share one /work.
   */
  synchronized Judged judgeScored(byte[] input, byte[] answer, byte[] output, List<String> flags) {
    String dir = Sandbox.RUN + "/";
    List<String> args = new ArrayList<>(List.of(dir + "input", dir + "answer", dir + "feedback/"));
    args.addAll(flags);
    StepOutcome run =
        session.run(
            SandboxStep.of(
                    toolchain.runCommand(flavour, args), LIMIT, flavour.outputLimitBytes() + 1)
                .withStdin(output)
                .withFiles(Map.of("input", input, "answer", answer, JUDGE_MESSAGE, new byte[0]))
                .collecting(ValidatorScore.andScoreFiles(JUDGE_MESSAGE)));
    String message =
        new String(run.collected().getOrDefault(JUDGE_MESSAGE, new byte[0]), StandardCharsets.UTF_8)
            .strip();
    if (!run.overTime() && run.exitCode() == ACCEPTED) {
      return new Judged(true, "", run.collected());
    }
    if (!run.overTime() && run.exitCode() == WRONG_ANSWER) {
      return new Judged(
          false, message.isEmpty() ? "wrong answer" : Feedback.tail(message), Map.of());
    }
    throw new SetupFailure(
        "the output validator failed (exit "
            + run.exitCode()
            + (run.overTime() ? ", over time" : "")
            + "):\n"
            + Feedback.tail(ProgramBuild.text(run.stderr())));
  }

  @Override
  public synchronized void close() {
    session.close();
  }
}
