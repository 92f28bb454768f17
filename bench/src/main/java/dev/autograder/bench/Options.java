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
        rounds = positive(a);
      }
    }
    return new Options(rounds, quick);
  }

  private static int positive(String rounds) {
    try {
      int n = Integer.parseInt(rounds);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException(
        "usage: [rounds] [--quick], rounds a whole number of at least 1, not '" + rounds + "'");
  }

  String postgresUrl() {
    return Optional.ofNullable(System.getenv("AUTOGRADER_BENCH_POSTGRES_URL"))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "AUTOGRADER_BENCH_POSTGRES_URL is not set: run bench/run.sh"));
  }
}
