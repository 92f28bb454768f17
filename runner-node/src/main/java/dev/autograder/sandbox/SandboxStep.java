package dev.autograder.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One program run inside a sandbox session: a compile, one test, a checker, a harness.
 *
 * @param command the argv; a first word without '/' is looked up in the PATH
 * @param dir the run's own directory: made fresh (emptied) for it and owned by its uid
 * @param workingDir the program's current directory
 * @param stdin what the program reads on standard input
 * @param files files the run finds in {@code dir} (path relative to it, to content)
 * @param collect files under {@code dir} to read back after the run (at most {@code collectCap}
 *     bytes each, or the output limit + 1 when it is 0, so that a caller can tell one was cut)
 * @param wallLimit the program is stopped when it runs longer
 * @param cpuLimit the program is stopped when it has used more CPU time
 * @param fileSizeLimit the largest file the program may write
 * @param keep the directory stays after the run, read-only for every later run (a build)
 * @param peer a second program wired to this one (an interactor): each one's stdout is the other's
 *     stdin
 * @param collectCap the most read back of each collected file; 0 for the flavour's output limit
 */
public record SandboxStep(
    List<String> command,
    String dir,
    String workingDir,
    byte[] stdin,
    Map<String, byte[]> files,
    List<String> collect,
    Duration wallLimit,
    Duration cpuLimit,
    long fileSizeLimit,
    boolean keep,
    Optional<Peer> peer,
    long collectCap) {

  public SandboxStep {
    command = List.copyOf(command);
    files = Map.copyOf(files);
    collect = List.copyOf(collect);
    if (peer.isPresent() && stdin.length > 0) {
      throw new IllegalArgumentException("a program wired to a peer reads its stdin from the peer");
    }
  }

  /**
   * A program run in a fresh {@link Sandbox#RUN} with no input, whose CPU time is limited like its
   * wall time.
   */
  public static SandboxStep of(List<String> command, Duration wallLimit, long fileSizeLimit) {
    return new SandboxStep(
        command,
        Sandbox.RUN,
        Sandbox.RUN,
        new byte[0],
        Map.of(),
        List.of(),
        wallLimit,
        wallLimit,
        fileSizeLimit,
        false,
        Optional.empty(),
        0);
  }

  public SandboxStep withStdin(byte[] input) {
    return new SandboxStep(
        command,
        dir,
        workingDir,
        input,
        files,
        collect,
        wallLimit,
        cpuLimit,
        fileSizeLimit,
        keep,
        peer,
        collectCap);
  }

  public SandboxStep withFiles(Map<String, byte[]> given) {
    return new SandboxStep(
        command,
        dir,
        workingDir,
        stdin,
        given,
        collect,
        wallLimit,
        cpuLimit,
        fileSizeLimit,
        keep,
        peer,
        collectCap);
  }

  public SandboxStep collecting(List<String> paths) {
    return new SandboxStep(
        command,
        dir,
        workingDir,
        stdin,
        files,
        paths,
        wallLimit,
        cpuLimit,
        fileSizeLimit,
        keep,
        peer,
        collectCap);
  }

  /** As {@link #collecting(List)}, reading back up to {@code cap} bytes of each file. */
  public SandboxStep collecting(List<String> paths, long cap) {
    return new SandboxStep(
        command,
        dir,
        workingDir,
        stdin,
        files,
        paths,
        wallLimit,
        cpuLimit,
        fileSizeLimit,
        keep,
        peer,
        cap);
  }

  /** The run in its own directory {@code path}, which is also its working directory. */
  public SandboxStep in(String path) {
    return new SandboxStep(
        command,
        path,
        path,
        stdin,
        files,
        collect,
        wallLimit,
        cpuLimit,
        fileSizeLimit,
        keep,
        peer,
        collectCap);
  }

  public SandboxStep withCpuLimit(Duration limit) {
    return new SandboxStep(
        command,
        dir,
        workingDir,
        stdin,
        files,
        collect,
        wallLimit,
        limit,
        fileSizeLimit,
        keep,
        peer,
        collectCap);
  }

  /** The run's directory is kept, read-only, for the later steps: a build. */
  public SandboxStep kept() {
    return new SandboxStep(
        command,
        dir,
        workingDir,
        stdin,
        files,
        collect,
        wallLimit,
        cpuLimit,
        fileSizeLimit,
        true,
        peer,
        collectCap);
  }

  public SandboxStep wiredTo(Peer other) {
    return new SandboxStep(
        command,
        dir,
        workingDir,
        stdin,
        files,
        collect,
        wallLimit,
        cpuLimit,
        fileSizeLimit,
        keep,
        Optional.of(other),
        collectCap);
  }

  /**
   * A program run beside the step's, under a uid of its own, in a directory of its own, and limited
   * like it (its CPU time by its own limit).
   */
  public record Peer(
      List<String> command,
      String dir,
      Map<String, byte[]> files,
      List<String> collect,
      Duration cpuLimit) {
    public Peer {
      command = List.copyOf(command);
      files = Map.copyOf(files);
      collect = List.copyOf(collect);
    }
  }
}
