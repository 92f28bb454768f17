package dev.autograder.bench;

import java.util.Optional;

/**
 * A benchmark's command line: {@code [rounds] [--quick]}. The PostgreSQL server comes from
 * AUTOGRADER_BENCH_POSTGRES_URL (bench/run.sh sets it from scripts/ensure-postgres.sh).
 */
record Options(int rounds, boolean quick) {
  static Options parse(String[] args, int defaultRounds) {
    int rounds = defaultRounds;
    boolean quick = false;
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else {
        rounds = Integer.parseInt(a);
      }
    }
    return new Options(rounds, quick);
  }

  String postgresUrl() {
    return Optional.ofNullable(System.getenv("AUTOGRADER_BENCH_POSTGRES_URL"))
        .orElseThrow(() -> new IllegalStateException("AUTOGRADER_BENCH_POSTGRES_URL is not set: run bench/run.sh"));
  }
}
