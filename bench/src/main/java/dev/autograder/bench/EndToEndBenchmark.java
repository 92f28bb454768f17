package dev.autograder.bench;

import dev.autograder.client.ApiClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * End to end: submit-to-result time of a hello world in Java, Python, C and C++, and of a C++
 * program against 50 test cases, on one runner node with one slot (real scheduler and runner node
 * jars, the local Docker engine), one submission at a time, as the student sees it: from sending
 * the submission to reading its result.
 */
public final class EndToEndBenchmark {
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int CASES = 50;
  private static final String SUM = "sum-" + CASES;
  private static final String SUM_SOURCE =
      """
      #include <iostream>
      int main() { long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }
      """;

  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 5);
    int perRound = options.quick() ? 6 : 12;
    int rounds = options.rounds();
    Map<Hello, double[]> p50 = new EnumMap<>(Hello.class);
    Map<Hello, double[]> p95 = new EnumMap<>(Hello.class);
    Map<Hello, double[]> server = new EnumMap<>(Hello.class);
    double[] sumP50 = new double[rounds];
    for (Hello h : Hello.values()) {
      p50.put(h, new double[rounds]);
      p95.put(h, new double[rounds]);
      server.put(h, new double[rounds]);
    }
    try (LocalCluster cluster = new LocalCluster("e2e", options.postgresUrl())) {
      ApiClient api = cluster.startScheduler(Map.of());
      cluster.startRunner("runner", 1, Map.of("autograder.runner.warm-pool", "on"));
      for (Hello h : Hello.values()) {
        String assignment = "hello-" + h.name().toLowerCase();
        h.createAssignment(api, assignment);
        // Warm-up: the first waits for the runner to join; JIT and page cache for each language.
        submitAndWait(api, assignment, h, Duration.ofMinutes(3));
      }
      createSum(api);
      submitSum(api);
      for (int r = 0; r < rounds; r++) {
        for (Hello h : Hello.values()) {
          double[] client = new double[perRound];
          double[] recorded = new double[perRound];
          for (int i = 0; i < perRound; i++) {
            long start = System.nanoTime();
            Hello.Graded g =
                submitAndWait(api, "hello-" + h.name().toLowerCase(), h, Duration.ofMinutes(2));
            client[i] = (System.nanoTime() - start) / 1e6;
            recorded[i] = g.turnaroundMillis();
          }
          Arrays.sort(client);
          Arrays.sort(recorded);
          p50.get(h)[r] = Figure.quantile(client, 0.5);
          p95.get(h)[r] = Figure.quantile(client, 0.95);
          server.get(h)[r] = Figure.quantile(recorded, 0.5);
          System.out.printf(
              "round %d %-6s p50 %.0f ms, p95 %.0f ms%n", r + 1, h, p50.get(h)[r], p95.get(h)[r]);
        }
        double[] sums = new double[perRound];
        for (int i = 0; i < perRound; i++) {
          sums[i] = submitSum(api);
        }
        Arrays.sort(sums);
        sumP50[r] = Figure.quantile(sums, 0.5);
        System.out.printf("round %d C++ with %d cases p50 %.0f ms%n", r + 1, CASES, sumP50[r]);
      }
    }
    Report report =
        new Report(
            "e2e",
            "End to end: hello world submit-to-result on one runner slot ("
                + rounds
                + " rounds of "
                + perRound
                + " submissions per language)");
    for (Hello h : Hello.values()) {
      String l = h.name().toLowerCase();
      report
          .figure(l + "P50Millis", h + " submit-to-result p50", "ms", "%.0f", p50.get(h))
          .figure(l + "P95Millis", h + " submit-to-result p95", "ms", "%.0f", p95.get(h))
          .figure(
              l + "RecordedP50Millis",
              h + " received-to-graded p50 (server clock)",
              "ms",
              "%.0f",
              server.get(h));
    }
    report.figure(
        "cpp" + CASES + "CasesP50Millis",
        "C++, " + CASES + " test cases, submit-to-result p50",
        "ms",
        "%.0f",
        sumP50);
    report
        .note(
            "A scheduler node and a runner node (packaged jars, one slot, flavour default: 1 CPU, 512 MiB, the"
                + " warm pool on, as the benchmark sets it) on a fresh PostgreSQL database, the local Docker engine; one submission"
                + " at a time.")
        .note(
            "Each hello world is compiled (javac, py_compile, gcc, g++ -O2) and runs one IO test; each"
                + " submission's steps run in one sandbox container, each a fresh uid and directory.")
        .note(
            "C++ with "
                + CASES
                + " cases: a sum of two numbers compiled with g++ -O2 and run once per IO test,"
                + " every output compared by the runner.")
        .note(
            "Targets (issue 13): p50 Python at most 0.5 s, C 0.7 s, Java 1.5 s; "
                + CASES
                + " C++ cases at most 2 s.")
        .note(
            "Submit-to-result: from sending the HTTP submission to the poll (every "
                + POLL.toMillis()
                + " ms) that first reads GRADED; received-to-graded: the scheduler's own timestamps.")
        .note("p95 of " + perRound + " submissions per round interpolates between the two slowest.")
        .publish();
  }

  /** An IO assignment of {@value #CASES} tests of adding two numbers. */
  private static void createSum(ApiClient api) throws Exception {
    StringBuilder tests = new StringBuilder();
    for (int i = 0; i < CASES; i++) {
      tests
          .append(i == 0 ? "" : ", ")
          .append(
              """
          {"name": "case %d", "stdin": "%d %d\\n", "expectedStdout": "%d\\n"}"""
                  .formatted(i, i, 2 * i, 3 * i));
    }
    Hello.createAssignment(api, SUM, "Sums", "{\"language\": \"CPP\", \"tests\": [" + tests + "]}");
  }

  /** Milliseconds from submitting the sum program to reading its result. */
  private static double submitSum(ApiClient api) throws Exception {
    long start = System.nanoTime();
    var accepted =
        api.submit(
            SUM, "e2e-student", Map.of("sum.cpp", "// " + UUID.randomUUID() + "\n" + SUM_SOURCE));
    if (accepted.status() != 202) {
      throw new IllegalStateException(
          "the submission answered " + accepted.status() + ": " + accepted.body());
    }
    var graded = api.awaitGraded(accepted.body().path("id").asText(), POLL, Duration.ofMinutes(2));
    String verdict = graded.path("result").path("verdict").asText();
    if (!verdict.equals("ACCEPTED")) {
      throw new IllegalStateException(
          "the sum program was graded " + verdict + ": " + graded.path("result"));
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static Hello.Graded submitAndWait(
      ApiClient api, String assignment, Hello hello, Duration timeout) throws Exception {
    // One student (enrolled by the warm-up): the figure is the submission's, not an enrolment's.
    var accepted = api.submit(assignment, "e2e-student", hello.files(UUID.randomUUID().toString()));
    if (accepted.status() != 202) {
      throw new IllegalStateException(
          "the submission answered " + accepted.status() + ": " + accepted.body());
    }
    Hello.Graded graded =
        Hello.Graded.of(api.awaitGraded(accepted.body().path("id").asText(), POLL, timeout));
    if (!graded.verdict().equals("ACCEPTED")) {
      throw new IllegalStateException(hello + " hello world was graded " + graded.verdict());
    }
    return graded;
  }
}
