package dev.autograder.grading;

import dev.autograder.flavour.Flavour;
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
 * student's, since it sees the expected answer) and run the Kattis way:
 * {@code validator input answer feedback_dir/ [flags] < output}; exit 42 accepts, 43 rejects.
 */
final class OutputValidatorProgram implements AutoCloseable {
  static final int ACCEPTED = 42;
  static final int WRONG_ANSWER = 43;
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String DIR = ".judge";

  private final Sandbox.Session session;
  private final Toolchain toolchain;
  private final Flavour flavour;

  private OutputValidatorProgram(Sandbox.Session session, Toolchain toolchain, Flavour flavour) {
    this.session = session;
    this.toolchain = toolchain;
    this.flavour = flavour;
  }

  /** Compiles the validator; a validator that does not build is the instructor's setup failure. */
  static OutputValidatorProgram build(Sandbox sandbox, Flavour flavour, Language language, String entryPoint,
      Map<String, byte[]> sources, String label) {
    Toolchain toolchain = Toolchain.of(language, entryPoint, sources.keySet());
    Sandbox.Session session = sandbox.open(flavour, flavour.image(), sources, label + "-validator");
    var build = ProgramBuild.compile(session, toolchain, flavour);
    if (build.failure().isPresent()) {
      session.close();
      throw new SetupFailure("the output validator does not build (" + build.failure().get() + "):\n"
          + build.compileOutput());
    }
    return new OutputValidatorProgram(session, toolchain, flavour);
  }

  /**
   * Accepted, or the validator's message for a wrong answer; its own failure is a SetupFailure.
   * Synchronized: the runner's slots share a cached validator, and its steps share one /work.
   */
  synchronized Optional<String> judge(byte[] input, byte[] answer, byte[] output, List<String> flags) {
    List<String> args = new ArrayList<>(List.of("/work/" + DIR + "/input", "/work/" + DIR + "/answer",
        "/work/" + DIR + "/feedback/"));
    args.addAll(flags);
    StepOutcome run = session.run(new SandboxStep(toolchain.runCommand(flavour, args), null, output,
        Map.of(DIR + "/input", input, DIR + "/answer", answer, DIR + "/feedback/judgemessage.txt", new byte[0]),
        List.of(DIR + "/feedback/judgemessage.txt"), LIMIT, flavour.outputLimitBytes() + 1));
    String message = new String(run.collected().getOrDefault(DIR + "/feedback/judgemessage.txt", new byte[0]),
        StandardCharsets.UTF_8).strip();
    if (!run.timedOut() && run.exitCode() == ACCEPTED) {
      return Optional.empty();
    }
    if (!run.timedOut() && run.exitCode() == WRONG_ANSWER) {
      return Optional.of(message.isEmpty() ? "wrong answer" : Feedback.tail(message));
    }
    throw new SetupFailure("the output validator failed (exit " + run.exitCode() + (run.timedOut() ? ", timed out" : "")
        + "):\n" + Feedback.tail(ProgramBuild.text(run.stderr())));
  }

  @Override
  public synchronized void close() {
    session.close();
  }
}
