package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.Language;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An interactive problem's interactor, compiled once in a sandbox session of its own and then run,
 * for every test case, as the peer of the student's program in the student's session: the two talk
 * through each other's stdin and stdout, as Kattis runs them ({@code interactor input answer
 * feedback_dir/ [flags]}; exit 42 accepts, 43 rejects).
 *
 * <p>Privacy: the peer runs under a uid of its own in {@link #DIR}, made fresh for each run, owned
 * by that uid, mode 0700 and removed afterwards, so the program's uid cannot read it. The test
 * case's input and answer are put there, and so is the interactor's build (the files of its build
 * directory, carried out of its own session as a tar) with a small launcher: the build is never in
 * a directory the program can read, although a readable build would not matter.
 */
final class InteractorProgram {
  /** The interactor's own directory in the student's session. */
  static final String DIR = "/work/interactor";

  private static final String BUILD = DIR + "/build";
  private static final String FIRST = "first";
  private static final String JUDGE_MESSAGE = "feedback/judgemessage.txt";
  private static final String LAUNCHER = "interactor-first";
  private static final byte[] LAUNCHER_SOURCE = resource(LAUNCHER + ".c");

  private final Toolchain toolchain;

  /** The build, by path under {@link #DIR}: build/... and the launcher. */
  private final Map<String, byte[]> files;

  private InteractorProgram(Toolchain toolchain, Map<String, byte[]> files) {
    this.toolchain = toolchain;
    this.files = Map.copyOf(files);
  }

  /** Compiles the interactor; one that does not build is the instructor's setup failure. */
  static InteractorProgram build(
      Sandbox sandbox,
      Flavour flavour,
      Language language,
      Map<String, byte[]> sources,
      String label) {
    Toolchain toolchain = Toolchain.of(language, null, sources, List.of());
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(), label + "-interactor")) {
      var build = ProgramBuild.compile(session, toolchain, flavour, sources);
      if (build.failure().isPresent()) {
        throw new SetupFailure(
            "the interactor does not build ("
                + build.failure().get()
                + "):\n"
                + build.compileOutput());
      }
      StepOutcome packed =
          session.run(
              SandboxStep.of(
                      List.of(
                          "sh",
                          "-c",
                          "gcc -O2 -o "
                              + LAUNCHER
                              + " "
                              + LAUNCHER
                              + ".c && tar --format=ustar -C "
                              + Sandbox.BUILD
                              + " -cf build.tar ."),
                      flavour.compileWallTime(),
                      ProgramBuild.COMPILE_FILE_SIZE_LIMIT)
                  .withFiles(Map.of(LAUNCHER + ".c", LAUNCHER_SOURCE))
                  .collecting(List.of(LAUNCHER, "build.tar")));
      byte[] launcher = packed.collected().get(LAUNCHER);
      byte[] tar = packed.collected().get("build.tar");
      if (packed.exitCode() != 0 || launcher == null || tar == null) {
        throw new SetupFailure(
            "the interactor's build cannot be packed (exit "
                + packed.exitCode()
                + "):\n"
                + Feedback.tail(ProgramBuild.text(packed.stderr())));
      }
      if (launcher.length > flavour.outputLimitBytes() || tar.length > flavour.outputLimitBytes()) {
        throw new SetupFailure(
            "the interactor's build is larger than the output limit of "
                + flavour.outputLimitBytes()
                + " bytes");
      }
      Map<String, byte[]> files = new HashMap<>();
      untar(tar).forEach((path, content) -> files.put("build/" + path, content));
      files.put(LAUNCHER, launcher);
      return new InteractorProgram(toolchain, files);
    }
  }

  /** What the interactor decided, and whether it had ended before the program did. */
  record Interaction(
      StepOutcome run,
      int interactorExit,
      boolean interactorFirst,
      String message,
      String stderr,
      Map<String, byte[]> feedback) {}

  /**
   * Runs {@code program} in {@code session} wired to the interactor on one test case. The program's
   * CPU time is limited to {@code limit}; the wall to twice that and a second, as it also waits for
   * the interactor.
   */
  Interaction run(
      Sandbox.Session session,
      List<String> program,
      Flavour flavour,
      Duration limit,
      byte[] input,
      byte[] answer,
      List<String> flags) {
    List<String> command = new ArrayList<>(List.of(DIR + "/" + LAUNCHER, DIR + "/" + FIRST));
    List<String> args =
        new ArrayList<>(List.of(DIR + "/input", DIR + "/answer", DIR + "/feedback/"));
    args.addAll(flags);
    // The interactor shares the container's memory with the program: its JVM gets a quarter of it.
    command.addAll(
        toolchain.runCommand(
            flavour.limitedTo(flavour.memoryBytes() / 4, flavour.outputLimitBytes()), args, BUILD));
    Map<String, byte[]> peerFiles = new HashMap<>(files);
    peerFiles.put("input", input);
    peerFiles.put("answer", answer);
    peerFiles.put(JUDGE_MESSAGE, new byte[0]);
    Duration wall = limit.multipliedBy(2).plusSeconds(1);
    StepOutcome run =
        session.run(
            SandboxStep.of(program, wall, flavour.outputLimitBytes() + 1)
                .withCpuLimit(limit)
                .wiredTo(
                    new SandboxStep.Peer(
                        command,
                        DIR,
                        peerFiles,
                        ValidatorScore.andScoreFiles(FIRST, JUDGE_MESSAGE),
                        wall)));
    StepOutcome.PeerOutcome peer = run.peer().orElseThrow();
    String first = ProgramBuild.text(peer.collected().getOrDefault(FIRST, new byte[0]));
    String message =
        ProgramBuild.text(peer.collected().getOrDefault(JUDGE_MESSAGE, new byte[0])).strip();
    return new Interaction(
        run,
        peer.exitCode(),
        first.equals("interactor"),
        Feedback.tail(message),
        Feedback.tail(ProgramBuild.text(peer.stderr())),
        peer.collected());
  }

  /** The regular files of a ustar archive, by path without the leading "./". */
  static Map<String, byte[]> untar(byte[] tar) {
    Map<String, byte[]> files = new HashMap<>();
    int at = 0;
    while (at + 512 <= tar.length && tar[at] != 0) {
      String name = field(tar, at, 100);
      String prefix = field(tar, at + 345, 155);
      String octal = field(tar, at + 124, 12).trim();
      long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
      char type = (char) tar[at + 156];
      String path = prefix.isEmpty() ? name : prefix + "/" + name;
      int start = at + 512;
      if ((type == '0' || type == 0) && !path.endsWith("/")) {
        files.put(
            path.startsWith("./") ? path.substring(2) : path,
            Arrays.copyOfRange(tar, start, Math.toIntExact(start + size)));
      }
      at = start + Math.toIntExact((size + 511) / 512 * 512);
    }
    return files;
  }

  private static String field(byte[] tar, int from, int length) {
    int end = from;
    while (end < from + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, from, end - from, StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = InteractorProgram.class.getResourceAsStream(name)) {
      return Optional.ofNullable(in)
          .orElseThrow(() -> new IllegalStateException(name + " is not on the classpath"))
          .readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
