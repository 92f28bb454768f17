package dev.autograder.sandbox;

import java.util.Map;
import java.util.Optional;

/**
 * What happened when a step ran, as the supervisor measured it.
 *
 * @param exitCode the program's exit code, 128 + signal when a signal ended it, 127 when it could
 *     not be started (stderr then says why)
 * @param stdout the program's standard output, at most the flavour's output limit
 * @param outputLimitReached stdout or stderr went past the output limit, which stopped the run
 * @param timedOut the wall limit was reached and the program was stopped
 * @param cpuLimitReached the program used more CPU time than its limit
 * @param oomKilled the kernel killed the program for lack of memory
 * @param cpuMillis user + system CPU time
 * @param peakMemoryKib the largest resident set
 * @param collected the step's collected files that exist (at most the output limit + 1 bytes each)
 * @param peer what the wired peer did, when the step had one
 */
public record StepOutcome(
    int exitCode,
    byte[] stdout,
    byte[] stderr,
    boolean outputLimitReached,
    boolean timedOut,
    boolean cpuLimitReached,
    boolean oomKilled,
    long wallMillis,
    long cpuMillis,
    long peakMemoryKib,
    Map<String, byte[]> collected,
    Optional<PeerOutcome> peer) {

  /** The signal that ended the program, 0 when it exited. */
  public int signal() {
    return signalOf(exitCode);
  }

  /** The wall or the CPU limit stopped the program. */
  public boolean overTime() {
    return timedOut || cpuLimitReached;
  }

  static int signalOf(int exitCode) {
    return exitCode > 128 && exitCode < 160 ? exitCode - 128 : 0;
  }

  /** What the peer of a wired step did: its exit as for the program, its stderr and its files. */
  public record PeerOutcome(
      int exitCode,
      byte[] stderr,
      boolean cpuLimitReached,
      boolean oomKilled,
      long cpuMillis,
      long peakMemoryKib,
      Map<String, byte[]> collected) {
    public int signal() {
      return signalOf(exitCode);
    }
  }
}
