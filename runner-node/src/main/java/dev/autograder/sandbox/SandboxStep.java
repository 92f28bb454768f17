package dev.autograder.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * One program run inside a sandbox: a compile or one test.
 *
 * @param command the argv, run with the work directory as its current directory
 * @param stdin what the program reads on standard input
 * @param wallLimit the program is killed when it runs longer
 * @param fileSizeLimit the largest file the program may write, stdout and stderr included
 */
public record SandboxStep(
    List<String> command, byte[] stdin, Duration wallLimit, long fileSizeLimit) {

  public SandboxStep {
    command = List.copyOf(command);
    stdin = stdin == null ? new byte[0] : stdin;
  }
}
