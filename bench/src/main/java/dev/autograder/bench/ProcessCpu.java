package dev.autograder.bench;

import java.time.Duration;

/**
 * The CPU time the processes of a benchmark round have spent so far: the bench's own JVM (its
 * clients), the node under test, and every PostgreSQL process. On two shared cores the three take
 * from one another, so a rate alone does not say whose work limits it.
 */
record ProcessCpu(Duration clients, Duration node, Duration postgres) {
  /** Milliseconds of CPU per submission of a round. */
  record PerSubmission(double clients, double node, double postgres) {}

  static ProcessCpu now(ProcessHandle node) {
    return new ProcessCpu(
        cpu(ProcessHandle.current()),
        cpu(node),
        ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
            // One that ended since it was listed tells nothing: its time is gone either way.
            .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
            .reduce(Duration.ZERO, Duration::plus));
  }

  /**
   * Per submission since {@code before}. A PostgreSQL backend that ended in between takes its CPU
   * time with it, so a round keeps its connections open until it has been measured.
   */
  PerSubmission since(ProcessCpu before, int submissions) {
    return new PerSubmission(
        perSubmission(clients.minus(before.clients), submissions),
        perSubmission(node.minus(before.node), submissions),
        perSubmission(postgres.minus(before.postgres), submissions));
  }

  private static double perSubmission(Duration cpu, int submissions) {
    return cpu.toNanos() / 1e6 / submissions;
  }

  private static Duration cpu(ProcessHandle process) {
    return process
        .info()
        .totalCpuDuration()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "this system does not tell process " + process.pid() + "'s CPU time"));
  }
}
