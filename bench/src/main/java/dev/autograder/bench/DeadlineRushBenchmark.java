package dev.autograder.bench;

import dev.autograder.client.ApiClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A deadline rush: 1,000 submissions from 300 students over 60 seconds (a few students submit many
 * times, most once to a few times) to a fixed set of runner slots. Every submission must be graded;
 * the figures are the queue waits (received to a runner taking it), their spread across students,
 * and how long the rush takes to drain.
 */
public final class DeadlineRushBenchmark {
  private static final int SLOTS = 4;

  private DeadlineRushBenchmark() {}

  /** Who submits when: the same plan every round (seeded). */
  record Arrival(long atMillis, String student) {}

  record Round(
      double p50,
      double p99,
      double max,
      double studentMin,
      double studentMedian,
      double studentMax,
      double jain,
      double totalSeconds,
      double drainSeconds,
      double accepted) {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 3);
    int submissions = options.quick() ? 300 : 1000;
    int students = options.quick() ? 90 : 300;
    long spanMillis = options.quick() ? 18_000 : 60_000;
    List<Arrival> plan = plan(submissions, students, spanMillis);
    List<Round> rounds = new ArrayList<>();
    try (LocalCluster cluster = new LocalCluster("rush", options.postgresUrl())) {
      ApiClient api = cluster.startScheduler(Map.of());
      cluster.startRunner("runner", SLOTS, Map.of("autograder.runner.warm-pool", "on"));
      Hello.PYTHON.createAssignment(api, "warm-up");
      api.enrol(plan.stream().map(Arrival::student).distinct().toList());
      for (int i = 0; i < SLOTS; i++) {
        // The first waits for the runner node to join.
        String id =
            api.submit("warm-up", "warm-up", Hello.PYTHON.files("w" + i))
                .body()
                .path("id")
                .asText();
        api.awaitGraded(id, Duration.ofMillis(200), Duration.ofMinutes(3));
      }
      try (Connection db = cluster.connect()) {
        for (int r = 0; r < options.rounds(); r++) {
          String assignment = "rush-" + (r + 1);
          Hello.PYTHON.createAssignment(api, assignment);
          Round round = rush(api, db, assignment, plan);
          rounds.add(round);
          System.out.printf(
              "round %d: all %d graded in %.0f s; queue wait p50 %.1f s, p99 %.1f s; Jain %.3f%n",
              r + 1,
              submissions,
              round.totalSeconds(),
              round.p50() / 1000,
              round.p99() / 1000,
              round.jain());
        }
      }
    }
    new Report(
            options.quick() ? "rush-quick" : "rush",
            "Deadline rush: "
                + submissions
                + " submissions from "
                + students
                + " students over "
                + spanMillis / 1000
                + " s to "
                + SLOTS
                + " runner slots ("
                + rounds.size()
                + " rounds)"
                + (options.quick() ? ", quick variant" : ""))
        .figure(
            "graded", "submissions graded ACCEPTED", "", "%.0f", values(rounds, Round::accepted))
        .figure(
            "totalSeconds",
            "first submission to last result",
            "s",
            "%.1f",
            values(rounds, Round::totalSeconds))
        .figure(
            "drainSeconds",
            "last submission to last result",
            "s",
            "%.1f",
            values(rounds, Round::drainSeconds))
        .figure(
            "waitP50Seconds", "queue wait p50", "s", "%.1f", values(rounds, r -> r.p50() / 1000))
        .figure(
            "waitP99Seconds", "queue wait p99", "s", "%.1f", values(rounds, r -> r.p99() / 1000))
        .figure(
            "waitMaxSeconds", "queue wait max", "s", "%.1f", values(rounds, r -> r.max() / 1000))
        .figure(
            "studentMinSeconds",
            "per-student mean wait: min",
            "s",
            "%.1f",
            values(rounds, r -> r.studentMin() / 1000))
        .figure(
            "studentMedianSeconds",
            "per-student mean wait: median",
            "s",
            "%.1f",
            values(rounds, r -> r.studentMedian() / 1000))
        .figure(
            "studentMaxSeconds",
            "per-student mean wait: max",
            "s",
            "%.1f",
            values(rounds, r -> r.studentMax() / 1000))
        .figure(
            "jain",
            "Jain's fairness index of per-student mean waits",
            "",
            "%.3f",
            values(rounds, Round::jain))
        .note(
            "A scheduler node and one runner node with "
                + SLOTS
                + " slots (packaged jars, flavour default: 1 CPU and"
                + " 512 MiB per job, the warm pool on, as the benchmark sets it) on a fresh PostgreSQL database and the local Docker"
                + " engine of this 2-core machine.")
        .note(
            "Each submission: a Python hello world (py_compile, then one IO test), a unique comment line each.")
        .note(
            "Arrivals: seeded random times spread uniformly over the span; every student submits once, the rest"
                + " of the submissions go to students by a Zipf-like weight (a few submit many times); sent by 16 client"
                + " threads at their planned times.")
        .note(
            "Queue wait: the scheduler's received time to the first attempt's start (a runner slot took it);"
                + " Jain's index (sum x)^2 / (n sum x^2) is 1 when every student waits the same on average.")
        .note(
            "The fair queue serves students in turns, so a student's later submissions wait behind everyone else's"
                + " earlier ones: per-student means spread by how often each submitted, by design.")
        .publish();
  }

  private static double[] values(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
    return rounds.stream().mapToDouble(f).toArray();
  }

  static List<Arrival> plan(int submissions, int students, long spanMillis) {
    Random random = new Random(42);
    List<String> who = new ArrayList<>();
    for (int s = 0; s < students; s++) {
      who.add("student-" + s);
    }
    double[] weight = new double[students];
    double total = 0;
    for (int s = 0; s < students; s++) {
      weight[s] = 1 / Math.pow(s + 1, 0.8);
      total += weight[s];
    }
    while (who.size() < submissions) {
      double x = random.nextDouble() * total;
      int s = 0;
      while (x > weight[s]) {
        x -= weight[s++];
      }
      who.add("student-" + s);
    }
    Collections.shuffle(who, random);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < submissions; i++) {
      times.add((long) (random.nextDouble() * spanMillis));
    }
    Collections.sort(times);
    List<Arrival> plan = new ArrayList<>();
    for (int i = 0; i < submissions; i++) {
      plan.add(new Arrival(times.get(i), who.get(i)));
    }
    return plan;
  }

  private static Round rush(ApiClient api, Connection db, String assignment, List<Arrival> plan)
      throws Exception {
    ScheduledExecutorService senders = Executors.newScheduledThreadPool(16);
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    long gradedBefore = gradedEvents(db);
    long start = System.nanoTime();
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        Arrival a = plan.get(i);
        String tag = assignment + "-" + i;
        sent.add(
            senders.schedule(
                () -> {
                  var answer = api.submit(assignment, a.student(), Hello.PYTHON.files(tag));
                  if (answer.status() != 202) {
                    throw new IllegalStateException(
                        "a submission answered " + answer.status() + ": " + answer.body());
                  }
                  ids.add(answer.body().path("id").asText());
                  return null;
                },
                a.atMillis(),
                TimeUnit.MILLISECONDS));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      senders.shutdownNow();
    }
    // Counting results in the journal is cheaper than polling 1,000 submissions over HTTP.
    while (gradedEvents(db) - gradedBefore < plan.size()) {
      Thread.sleep(500);
    }
    List<Hello.Graded> graded = fetch(api, new ArrayList<>(ids));
    // A correct program graded otherwise is a finding: keep what the runner said.
    graded.stream()
        .filter(g -> !g.verdict().equals("ACCEPTED"))
        .forEach(g -> System.out.println("not accepted: " + g.id() + " " + g.result()));
    double[] waits = graded.stream().mapToDouble(Hello.Graded::queueWaitMillis).sorted().toArray();
    Map<String, List<Double>> byStudent = new HashMap<>();
    graded.forEach(
        g ->
            byStudent
                .computeIfAbsent(g.student(), s -> new ArrayList<>())
                .add(g.queueWaitMillis()));
    double[] means =
        byStudent.values().stream()
            .mapToDouble(w -> w.stream().mapToDouble(Double::doubleValue).average().orElse(0))
            .sorted()
            .toArray();
    var first =
        graded.stream()
            .map(Hello.Graded::received)
            .min(java.util.Comparator.naturalOrder())
            .orElseThrow();
    var lastReceived =
        graded.stream()
            .map(Hello.Graded::received)
            .max(java.util.Comparator.naturalOrder())
            .orElseThrow();
    var last =
        graded.stream()
            .map(Hello.Graded::graded)
            .max(java.util.Comparator.naturalOrder())
            .orElseThrow();
    return new Round(
        Figure.quantile(waits, 0.5),
        Figure.quantile(waits, 0.99),
        waits[waits.length - 1],
        means[0],
        Figure.quantile(means, 0.5),
        means[means.length - 1],
        jain(means),
        Duration.between(first, last).toMillis() / 1000.0,
        Duration.between(lastReceived, last).toMillis() / 1000.0,
        graded.stream().filter(g -> g.verdict().equals("ACCEPTED")).count());
  }

  /**
   * Jain's fairness index, (sum x)^2 / (n sum x^2): 1 when all are equal, 1/n when one has
   * everything.
   */
  static double jain(double[] values) {
    double sum = 0;
    double squares = 0;
    for (double v : values) {
      sum += v;
      squares += v * v;
    }
    return squares == 0 ? 1 : sum * sum / (values.length * squares);
  }

  private static long gradedEvents(Connection db) throws Exception {
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM event_journal WHERE event_ser_manifest LIKE '%SubmissionGraded'")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static List<Hello.Graded> fetch(ApiClient api, List<String> ids) throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Hello.Graded>> all = new ArrayList<>();
      for (String id : ids) {
        all.add(readers.submit(() -> Hello.Graded.of(api.submission(id))));
      }
      List<Hello.Graded> graded = new ArrayList<>();
      for (Future<Hello.Graded> f : all) {
        graded.add(f.get());
      }
      return graded;
    } finally {
      readers.shutdownNow();
    }
  }
}
