package dev.autograder.sandbox;

import java.util.Map;

/**
 * What happened when a step ran.
 *
 * @param exitCode the program's exit code, 128 + signal when a signal ended it
 * @param stdout the program's standard output, at most the flavour's output limit
 * @param outputLimitReached stdout or stderr reached the output limit
 * @param timedOut the wall limit was reached and the program was killed
 * @param oomKilled the kernel killed a process of the sandbox for lack of memory
 * @param cpuMillis user + system CPU time, -1 when unknown
 * @param peakMemoryKib the largest resident set, -1 when unknown
 * @param collected the step's collected files that exist (at most the output limit each)
 */
public record StepOutcome(
    int exitCode,
    byte[] stdout,
    byte[] stderr,
    boolean outputLimitReached,
    boolean timedOut,
    boolean oomKilled,
    long wallMillis,
    long cpuMillis,
    long peakMemoryKib,
    Map<String, byte[]> collected) {

  /** The signal that ended the program, 0 when it exited. */
  public int signal() {
    return exitCode > 128 && exitCode < 160 ? exitCode - 128 : 0;
  }
}
