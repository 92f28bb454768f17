package dev.autograder.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One program run inside a sandbox session: a compile, one test, a checker, a harness.
 *
 * @param command the argv
 * @param workingDir the program's current directory (the session's work directory, /work, by default)
 * @param stdin what the program reads on standard input
 * @param files files to place under /work before this step (path relative to /work, to content)
 * @param collect files under /work to read back after the step (at most the output limit each)
 * @param wallLimit the program is killed when it runs longer
 * @param fileSizeLimit the largest file the program may write, stdout and stderr included
 */
public record SandboxStep(
    List<String> command,
    String workingDir,
    byte[] stdin,
    Map<String, byte[]> files,
    List<String> collect,
    Duration wallLimit,
    long fileSizeLimit) {

  public SandboxStep {
    command = List.copyOf(command);
    workingDir = workingDir == null ? "/work" : workingDir;
    stdin = stdin == null ? new byte[0] : stdin;
    files = files == null ? Map.of() : Map.copyOf(files);
    collect = collect == null ? List.of() : List.copyOf(collect);
  }

  /** A step in /work that only reads stdin and collects nothing. */
  public static SandboxStep of(List<String> command, byte[] stdin, Duration wallLimit, long fileSizeLimit) {
    return new SandboxStep(command, null, stdin, Map.of(), List.of(), wallLimit, fileSizeLimit);
  }
}
