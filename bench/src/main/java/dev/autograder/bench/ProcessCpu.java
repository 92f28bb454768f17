package dev.autograder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The CPU time the processes of a benchmark round have spent so far: the bench's own JVM (its
 * clients), the node under test, and every PostgreSQL process. On two shared cores the three take
 * from one another, so a rate alone does not say whose work limits it.
 */
record ProcessCpu(Duration clients, Duration node, Duration postgres) {
  /** Milliseconds of CPU per submission of a round. */
  record PerSubmission(double clients, double node, double postgres) {}

  static ProcessCpu now(ProcessHandle node) {
    List<ProcessHandle> postgres =
        ProcessHandle.allProcesses().filter(ProcessCpu::isPostgres).toList();
    Duration alive =
        postgres.stream()
            // One that ended since it was listed is counted below, with its parent's children.
            .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
            .reduce(Duration.ZERO, Duration::plus);
    Duration ended =
        postgres.stream()
            .filter(p -> p.parent().filter(ProcessCpu::isPostgres).isEmpty())
            .map(ProcessCpu::endedChildren)
            .reduce(Duration.ZERO, Duration::plus);
    return new ProcessCpu(cpu(ProcessHandle.current()), cpu(node), alive.plus(ended));
  }

  private static boolean isPostgres(ProcessHandle p) {
    return p.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
  }

  /** Clock ticks per second of /proc's times ({@code getconf CLK_TCK}; 100 on Linux anywhere). */
  private static final long TICKS_PER_SECOND = 100;

  /**
   * The CPU time of a postmaster's children that have ended (its cutime and cstime in /proc): a
   * backend or an autovacuum worker that ended within a round takes its own time out of the list of
   * processes, and this puts it back. Zero where /proc does not tell.
   */
  private static Duration endedChildren(ProcessHandle postmaster) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(postmaster.pid()), "stat"));
      // Fields after the command's closing parenthesis, from the third (state) on.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return Duration.ZERO;
    }
  }

  /** Per submission since {@code before}. */
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
