package dev.autograder.bench;

import com.typesafe.config.ConfigFactory;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one more test costs: a trivial C program run as N tests of one session (each a fresh uid,
 * directory and kill sweep by the supervisor), each test's wall as the runner sees it, against the
 * same program started N times in a loop inside the same container, in the same run. Compile and
 * container start are outside both. Also a 50-case C++ problem's whole sandbox time (start,
 * compile, 50 runs, close), the part of submit-to-result that grows with the cases.
 */
public final class PerTestBenchmark {
  private static final String TRIVIAL = "int main(void) { return 0; }\n";
  private static final String CPP =
      """
      #include <iostream>
      int main() { long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }
      """;
  private static final int BARE_LOOP = 200;

  private PerTestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 5);
    int tests = options.quick() ? 50 : 100;
    Flavour flavour =
        FlavourCatalog.fromConfig(
                ConfigFactory.parseFile(new File("conf/flavours.conf"))
                    .withFallback(ConfigFactory.load()))
            .get("default");
    DockerSandbox sandbox =
        DockerSandbox.connect("bench-pertest-" + UUID.randomUUID().toString().substring(0, 8));
    int rounds = options.rounds();
    Map<String, double[]> figures = new LinkedHashMap<>();
    try {
      perTest(sandbox, flavour, 10); // warm-up: JIT, the engine's caches, the supervisor's build
      problem(sandbox, flavour, 5);
      for (int r = 0; r < rounds; r++) {
        double[] perTest = perTest(sandbox, flavour, tests);
        double problem = problem(sandbox, flavour, 50);
        put(figures, rounds, r, "testMillisP50", perTest[0]);
        put(figures, rounds, r, "testMillisP90", perTest[1]);
        put(figures, rounds, r, "bareMillis", perTest[2]);
        put(figures, rounds, r, "overheadMillisP50", perTest[0] - perTest[2]);
        put(figures, rounds, r, "ratio", perTest[0] / perTest[2]);
        put(figures, rounds, r, "problemMillis", problem);
        System.out.printf(
            "round %d: a test %.1f ms (p90 %.1f), the bare program %.1f ms; 50-case C++ %.0f ms%n",
            r + 1, perTest[0], perTest[1], perTest[2], problem);
      }
    } finally {
      sandbox.close();
    }
    Report report =
        new Report(
            "pertest",
            "Per-test overhead: a trivial C program as "
                + tests
                + " tests of one session ("
                + rounds
                + " rounds)");
    report.figure(
        "testMillisP50",
        "one test, as the runner sees it (p50)",
        "ms",
        "%.1f",
        figures.get("testMillisP50"));
    report.figure(
        "testMillisP90",
        "one test, as the runner sees it (p90)",
        "ms",
        "%.1f",
        figures.get("testMillisP90"));
    report.figure(
        "bareMillis",
        "the same program started in a shell loop",
        "ms",
        "%.2f",
        figures.get("bareMillis"));
    report.figure(
        "overheadMillisP50",
        "overhead per test over the bare program (p50)",
        "ms",
        "%.1f",
        figures.get("overheadMillisP50"));
    report.figure("ratio", "one test / bare program", "x", "%.1f", figures.get("ratio"));
    report.figure(
        "problemMillis",
        "50-case C++ problem: start, compile, 50 runs, close",
        "ms",
        "%.0f",
        figures.get("problemMillis"));
    report
        .note(
            "Flavour default of conf/flavours.conf (1 CPU, 512 MiB, 128 pids); image autograder-grading:latest;"
                + " no warm pool.")
        .note(
            "A test: Session.run of /work/build/program with an empty stdin: one RUN request, a fresh uid and"
                + " /work/run, the limits, the program, the kill sweep, /tmp, /dev/shm and IPC emptied, the reply.")
        .note(
            "Bare: one run of sh that starts the program "
                + BARE_LOOP
                + " times in a loop and reads its clock"
                + " around them, in the same container; its time per start.")
        .note(
            "50-case problem: a sum of two numbers in C++, 50 inputs; no comparison of outputs (done by the"
                + " runner, outside the sandbox, in microseconds).")
        .note(
            "Targets (issue 13): at most 10 ms per test over the bare process (p50); a 50-case C++ problem's"
                + " submit to result at most 2 s, of which this is the sandbox's part.")
        .publish();
  }

  private static void put(
      Map<String, double[]> figures, int rounds, int round, String key, double value) {
    figures.computeIfAbsent(key, k -> new double[rounds])[round] = value;
  }

  /** The p50 and p90 of a test's wall as the runner sees it, and the bare program's time, in ms. */
  private static double[] perTest(DockerSandbox sandbox, Flavour flavour, int tests) {
    double[] walls = new double[tests];
    double bare;
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(), "bench")) {
      check(
          session.run(
              SandboxStep.of(
                      List.of("gcc", "-O2", "-o", "/work/build/program", "trivial.c"),
                      flavour.compileWallTime(),
                      256L << 20)
                  .in(Sandbox.BUILD)
                  .withFiles(Map.of("trivial.c", TRIVIAL.getBytes(StandardCharsets.UTF_8)))
                  .kept()));
      SandboxStep test =
          SandboxStep.of(List.of("/work/build/program"), flavour.wallTime(), 1 << 20);
      for (int i = 0; i < tests; i++) {
        long start = System.nanoTime();
        check(session.run(test));
        walls[i] = (System.nanoTime() - start) / 1e6;
      }
      StepOutcome loop =
          check(
              session.run(
                  SandboxStep.of(
                      List.of(
                          "sh",
                          "-c",
                          "s=$(date +%s%N); i=0; while [ $i -lt "
                              + BARE_LOOP
                              + " ]; do /work/build/program; i=$((i+1)); done; echo $(( $(date +%s%N) - s ))"),
                      Duration.ofSeconds(60),
                      1 << 20)));
      bare =
          Long.parseLong(new String(loop.stdout(), StandardCharsets.UTF_8).strip())
              / 1e6
              / BARE_LOOP;
    }
    Arrays.sort(walls);
    return new double[] {Figure.quantile(walls, 0.5), Figure.quantile(walls, 0.9), bare};
  }

  /** A C++ problem's sandbox time in ms: open, compile, one run per case, close. */
  private static double problem(DockerSandbox sandbox, Flavour flavour, int cases) {
    long start = System.nanoTime();
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(), "bench")) {
      check(
          session.run(
              SandboxStep.of(
                      List.of(
                          "g++",
                          "-std=gnu++17",
                          "-O2",
                          "-pipe",
                          "-o",
                          "/work/build/program",
                          "./sum.cpp"),
                      flavour.compileWallTime(),
                      256L << 20)
                  .in(Sandbox.BUILD)
                  .withFiles(Map.of("sum.cpp", CPP.getBytes(StandardCharsets.UTF_8)))
                  .kept()));
      for (int i = 0; i < cases; i++) {
        StepOutcome run =
            check(
                session.run(
                    SandboxStep.of(List.of("/work/build/program"), flavour.wallTime(), 1 << 20)
                        .withStdin((i + " " + (2 * i) + "\n").getBytes(StandardCharsets.UTF_8))));
        if (!new String(run.stdout(), StandardCharsets.UTF_8).equals((3 * i) + "\n")) {
          throw new IllegalStateException(
              "case " + i + " printed " + new String(run.stdout(), StandardCharsets.UTF_8));
        }
      }
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static StepOutcome check(StepOutcome outcome) {
    if (outcome.exitCode() != 0) {
      throw new IllegalStateException(
          "a step failed with "
              + outcome.exitCode()
              + ": "
              + new String(outcome.stderr(), StandardCharsets.UTF_8));
    }
    return outcome;
  }
}
