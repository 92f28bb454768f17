package dev.autograder.bench;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A command-line program run to completion, such as the docker CLI. */
final class Command {
  private Command() {}

  /** Its standard output, stripped, when it exits with 0. */
  static Optional<String> output(String... argv) {
    try {
      Process p =
          new ProcessBuilder(List.of(argv)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Runs it with stdin and fails unless it exits with 0. */
  static void run(byte[] stdin, List<String> argv) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(stdin);
    }
    int code = p.waitFor();
    if (code != 0) {
      throw new IOException(String.join(" ", argv) + " exited with " + code);
    }
  }
}
