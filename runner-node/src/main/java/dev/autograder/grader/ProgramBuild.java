package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Compiles a program in a sandbox session: the first step of every format that builds code. */
final class ProgramBuild {
  /** Compilers write binaries; the output limit only bounds what programs print. */
  static final long COMPILE_FILE_SIZE_LIMIT = 256L * 1024 * 1024;

  /** What the compiler said, and why the build failed if it did. */
  record Outcome(String compileOutput, Optional<String> failure) {}

  private ProgramBuild() {}

  /**
   * Compiles {@code files} (the sources and whatever came with them) in the session's build
   * directory, which then stays, read-only, for the runs.
   */
  static Outcome compile(
      Sandbox.Session session, Toolchain toolchain, Flavour flavour, Map<String, byte[]> files) {
    Optional<String> unbuildable = toolchain.unbuildable();
    if (unbuildable.isPresent()) {
      return new Outcome(unbuildable.get(), unbuildable);
    }
    StepOutcome compiled =
        session.run(
            SandboxStep.of(
                    toolchain.compileCommand(), flavour.compileWallTime(), COMPILE_FILE_SIZE_LIMIT)
                .in(Sandbox.BUILD)
                .withFiles(files)
                .kept());
    String choice = toolchain.entryPointChoice();
    String output =
        (choice.isEmpty() ? "" : choice + "\n")
            + Feedback.tail(text(compiled.stdout()) + text(compiled.stderr()));
    if (compiled.overTime()) {
      return new Outcome(
          output,
          Optional.of(
              "compilation took longer than " + flavour.compileWallTime().toSeconds() + " s"));
    }
    if (compiled.oomKilled()) {
      return new Outcome(output, Optional.of("compilation ran out of memory"));
    }
    if (compiled.exitCode() != 0) {
      return new Outcome(output, Optional.of("compilation failed"));
    }
    return new Outcome(output, Optional.empty());
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
