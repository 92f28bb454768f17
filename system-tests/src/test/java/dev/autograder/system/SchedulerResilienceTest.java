package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.client.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scheduler under the conditions of a deadline night, with real JVMs killed with SIGKILL:
 * nothing is lost, nothing is graded twice, and students are served fairly. Each test prints its
 * counts.
 */
class SchedulerResilienceTest {
  private static final Duration GRADING = Duration.ofSeconds(180);

  /** Short leases and quick downing, so that lost work comes back within seconds. */
  private static final Map<String, String> FAST =
      Map.of(
          "autograder.scheduler.lease-ttl", "6s",
          "autograder.scheduler.reconcile-every", "3s",
          "pekko.cluster.split-brain-resolver.stable-after", "5s",
          "autograder.scheduler.down-unreachable-runners-after", "2s",
          "autograder.runner.alone-timeout", "10s");

  /** What a runner node logs once it has removed its killed run's leftovers and serves. */
  private static final String SERVING = "serves flavour";

  private static String sleeper(double seconds) {
    return "import time\ntime.sleep(" + seconds + ")\nprint('done')\n";
  }

  private static void createAssignment(ApiClient api, String id, String flavour) throws Exception {
    var created =
        api.createAssignment(
            """
        {"id": "%s", "title": "%s", "flavour": "%s", "spec": {"language": "PYTHON", "tests": [
          {"name": "prints done", "expectedStdout": "done\\n", "points": 1, "timeLimitMillis": 20000}]}}
        """
                .formatted(id, id, flavour));
    assertEquals(201, created.status(), created.body().toString());
  }

  private static String submit(ApiClient api, String assignment, String student, String source)
      throws Exception {
    var accepted = api.submit(assignment, student, Map.of("main.py", source));
    assertEquals(202, accepted.status(), accepted.body().toString());
    return accepted.body().path("id").asText();
  }

  /** Starts the cluster's first scheduler node and answers its API once it serves. */
  private static ApiClient firstSchedulerUp(TestCluster cluster) throws Exception {
    cluster.startScheduler(0);
    ApiClient api = cluster.api(0);
    api.awaitUp(Duration.ofSeconds(90), cluster.scheduler(0)::isAlive);
    return api;
  }

  /** Something a test does that may throw; see {@link #diagnosed}. */
  private interface Step {
    void run() throws Exception;
  }

  /**
   * Runs the test's steps; when they fail, prints for each of the submissions that is not ACCEPTED
   * its attempts and its node log lines (see {@link Diagnosis}) before failing.
   */
  private static void diagnosed(ApiClient api, TestCluster cluster, List<String> ids, Step steps)
      throws Exception {
    try {
      steps.run();
    } catch (Exception | AssertionError e) {
      try {
        Diagnosis.printNotAccepted(api, cluster, ids);
      } catch (Exception | AssertionError d) {
        e.addSuppressed(d);
      }
      throw e;
    }
  }

  /** Waits until the submission's first attempt has started and answers its runner id. */
  private static String awaitStarted(ApiClient api, String id) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      JsonNode attempts = api.get("/api/v1/submissions/" + id).body().path("attempts");
      if (attempts.size() > 0) {
        return attempts.get(0).path("runnerId").asText();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("submission " + id + " never started");
  }

  @Test
  void aRunnerKilledMidJobHasItsJobGradedByAnotherExactlyOnce() throws Exception {
    try (TestCluster cluster = new TestCluster("runner-killed", 1, FAST)) {
      ApiClient api = firstSchedulerUp(cluster);
      cluster.startRunner("r1", 1, Map.of());
      cluster.startRunner("r2", 1, Map.of());
      createAssignment(api, "slow", "default");
      String id = submit(api, "slow", "ada", sleeper(6));
      diagnosed(api, cluster, List.of(id), () -> runnerKilledMidJob(api, cluster, id));
    }
  }

  private static void runnerKilledMidJob(ApiClient api, TestCluster cluster, String id)
      throws Exception {
    {
      String first = cluster.runnerOf(awaitStarted(api, id));
      Thread.sleep(1500);
      long killedAt = System.nanoTime();
      cluster.runner(first).kill();

      JsonNode graded = api.awaitGraded(id, GRADING);
      long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
      assertEquals("ACCEPTED", graded.path("result").path("verdict").asText(), graded.toString());
      JsonNode attempts = graded.path("attempts");
      assertEquals(2, attempts.size(), graded.toString());
      assertNotEquals(
          first,
          cluster.runnerOf(attempts.get(1).path("runnerId").asText()),
          "another runner graded it");
      assertEquals(1, cluster.gradedEvents(id), "the result is recorded exactly once");
      System.out.printf(
          "runner killed mid-job: graded on attempt %d by %s, %d ms after the kill, %d result in the journal%n",
          graded.path("attempt").asInt(),
          attempts.get(1).path("runnerId").asText(),
          recoveredMillis,
          cluster.gradedEvents(id));
      // A restarted runner removes the containers its killed run left before it serves.
      cluster.startRunner(first, 1, Map.of()).awaitLogged(SERVING, Duration.ofSeconds(90));
    }
  }

  @Test
  void aRunnerNodeFrozenPastTheLimitIsDownedAndJoinsAgainWhenItWakes() throws Exception {
    try (TestCluster cluster = new TestCluster("runner-frozen", 1, FAST)) {
      ApiClient api = firstSchedulerUp(cluster);
      NodeProcess runner = cluster.startRunner("r1", 1, Map.of());
      createAssignment(api, "frozen", "default");
      // A runner logs that it serves before its node has joined: a graded job shows it has.
      List<String> ids = new ArrayList<>();
      diagnosed(
          api,
          cluster,
          ids,
          () -> {
            ids.add(submit(api, "frozen", "ada", "print('done')\n"));
            JsonNode before = api.awaitGraded(ids.get(0), GRADING);
            assertEquals(
                "ACCEPTED", before.path("result").path("verdict").asText(), before.toString());
            long frozenAt = System.nanoTime();
            runner.freeze();
            cluster
                .scheduler(0)
                .awaitLogged(
                    "has been unreachable for 2000 ms: downing it", Duration.ofSeconds(60));
            long downedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
            runner.thaw();
            long thawedAt = System.nanoTime();
            ids.add(submit(api, "frozen", "ada", "print('done')\n"));
            NodeProcess serving = runner;
            Instant deadline = Instant.now().plus(GRADING);
            JsonNode graded = api.get("/api/v1/submissions/" + ids.get(1)).body();
            while (!graded.path("status").asText().equals("GRADED")) {
              assertTrue(
                  Instant.now().isBefore(deadline),
                  "not graded after the thaw within " + GRADING + ": " + graded);
              if (!serving.isAlive()) {
                assertTrue(
                    serving.endedOnAStalledStop(),
                    "the thawed runner's process died: " + serving.logTail(40));
                // Its actor system stalled stopping after the downing: the process ended for its
                // orchestrator to start it afresh, as Nomad does; the test stands in for Nomad.
                System.out.println(
                    "runner frozen: the thawed runner's actor system stalled stopping; its process ended"
                        + " and is started again as its orchestrator would");
                serving = cluster.startRunner("r1", 1, Map.of());
              }
              Thread.sleep(250);
              graded = api.get("/api/v1/submissions/" + ids.get(1)).body();
            }
            assertEquals(
                "ACCEPTED", graded.path("result").path("verdict").asText(), graded.toString());
            assertTrue(
                serving != runner || runner.isAlive(),
                "the runner joined again in the same process");
            System.out.printf(
                "runner frozen: downed %d ms after SIGSTOP, graded again %d ms after SIGCONT (%s)%n",
                downedMillis,
                (System.nanoTime() - thawedAt) / 1_000_000,
                serving == runner ? "in the same process" : "in a process started afresh");
          });
    }
  }

  @Test
  void theSingletonsJvmKilledHandsOverAndEveryJobCompletes() throws Exception {
    try (TestCluster cluster = new TestCluster("singleton-killed", 2, FAST)) {
      cluster.startScheduler(0);
      cluster.api(0).awaitUp(Duration.ofSeconds(90), cluster.scheduler(0)::isAlive);
      cluster.startScheduler(1);
      ApiClient api = cluster.api(1);
      api.awaitUp(Duration.ofSeconds(90), cluster.scheduler(1)::isAlive);
      cluster.startRunner("r1", 2, Map.of());
      cluster.startRunner("r2", 2, Map.of());
      createAssignment(api, "work", "default");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add(submit(api, "work", "student" + (i % 4), sleeper(3)));
      }
      awaitStarted(api, ids.get(0));
      Thread.sleep(1000);
      int running = 0;
      int waiting = 0;
      for (String id : ids) {
        String state =
            api.get("/api/v1/submissions/" + id).body().path("queue").path("state").asText();
        running += state.equals("RUNNING") ? 1 : 0;
        waiting += state.equals("WAITING") ? 1 : 0;
      }
      long killedAt = System.nanoTime();
      cluster.scheduler(0).kill();

      Map<String, Integer> verdicts = new HashMap<>();
      diagnosed(
          api,
          cluster,
          ids,
          () -> {
            for (String id : ids) {
              JsonNode graded = api.awaitGraded(id, GRADING);
              verdicts.merge(graded.path("result").path("verdict").asText(), 1, Integer::sum);
              assertEquals(1, cluster.gradedEvents(id), "submission " + id + " recorded once");
            }
            assertEquals(Map.of("ACCEPTED", 12), verdicts);
          });
      long allDoneMillis = (System.nanoTime() - killedAt) / 1_000_000;
      System.out.printf(
          "singleton JVM killed with %d running and %d waiting: all %d graded once each, %d ms after the kill%n",
          running, waiting, ids.size(), allDoneMillis);
    }
  }

  /** Enough to kill every runner many times over while keeping the run's length bounded. */
  private static final int MAX_KILLS = 25;

  /**
   * Fewer kills than this while grading and the run proves little: each runner killed a few times.
   */
  private static final int MIN_KILLS = 8;

  @Test
  void aChaosRunOfTwoHundredSubmissionsLosesNoneAndGradesNoneTwice() throws Exception {
    // The scheduler's own budgets (max-attempts, max-runner-losses): runner nodes dying under jobs
    // must not use up a job's attempts.
    try (TestCluster cluster = new TestCluster("chaos", 1, FAST)) {
      ApiClient api = firstSchedulerUp(cluster);
      List<String> runners = List.of("r1", "r2", "r3");
      for (String r : runners) {
        cluster.startRunner(r, 2, Map.of());
      }
      createAssignment(api, "quick", "default");
      List<String> ids = new ArrayList<>();
      Random random = new Random(42);
      Instant nextKill = Instant.now().plusSeconds(4);
      Instant start = Instant.now();
      // Each job takes two seconds of its own: a test costs milliseconds in the sandbox, and
      // without
      // the sleep the 200 jobs would be graded before the runners had been killed often enough.
      for (int i = 0; i < 200; i++) {
        ids.add(submit(api, "quick", "student" + random.nextInt(40), sleeper(2)));
        Thread.sleep(40);
      }
      int[] killCount = new int[1];
      diagnosed(
          api,
          cluster,
          ids,
          () -> killCount[0] = chaos(api, cluster, runners, ids, random, start, nextKill));
      System.out.println("chaos: " + attemptsSummary(api, ids));
      long seconds = Duration.between(start, Instant.now()).toSeconds();
      Map<String, Integer> verdicts = new HashMap<>();
      int retried = 0;
      for (String id : ids) {
        JsonNode s = api.get("/api/v1/submissions/" + id).body();
        verdicts.merge(s.path("result").path("verdict").asText(), 1, Integer::sum);
        retried += s.path("attempts").size() > 1 ? 1 : 0;
      }
      int retriedCount = retried;
      diagnosed(
          api,
          cluster,
          ids,
          () -> {
            for (String id : ids) {
              assertEquals(1, cluster.gradedEvents(id), "submission " + id + " recorded once");
            }
            assertEquals(200, cluster.recordedSubmissions(), "none lost, none extra");
            assertEquals(Map.of("ACCEPTED", 200), verdicts);
          });
      System.out.printf(
          "chaos: 200 submissions, %d runner kills, %d retried, all graded once each in %d s%n",
          killCount[0], retriedCount, seconds);
      assertTrue(
          killCount[0] >= MIN_KILLS,
          "only "
              + killCount[0]
              + " runner kills happened while grading: too few to"
              + " prove anything");
      for (String r : runners) {
        if (!cluster.runner(r).isAlive()) {
          cluster.startRunner(r, 2, Map.of());
        }
        cluster.runner(r).awaitLogged(SERVING, Duration.ofSeconds(90));
      }
    }
  }

  /**
   * How many submissions took how many attempts, and how the attempts that were not the grade
   * ended.
   */
  private static String attemptsSummary(ApiClient api, List<String> ids) throws Exception {
    Map<Integer, Integer> byAttempts = new java.util.TreeMap<>();
    Map<String, Integer> endings = new java.util.TreeMap<>();
    for (String id : ids) {
      JsonNode attempts = api.get("/api/v1/submissions/" + id).body().path("attempts");
      byAttempts.merge(attempts.size(), 1, Integer::sum);
      for (JsonNode a : attempts) {
        endings.merge(a.path("ending").asText("not ended"), 1, Integer::sum);
      }
    }
    return "submissions by number of attempts "
        + byAttempts
        + ", attempts by how they ended "
        + endings;
  }

  /** Kills and restarts runners while the 200 submissions are graded; answers how many kills. */
  private static int chaos(
      ApiClient api,
      TestCluster cluster,
      List<String> runners,
      List<String> ids,
      Random random,
      Instant start,
      Instant nextKill)
      throws Exception {
    int kills = 0;
    {
      // How fast 200 jobs go depends on the machine: what must hold is that grading never stalls.
      int lastGraded = 0;
      Instant lastProgress = Instant.now();
      while (true) {
        int graded = 0;
        for (String id : ids) {
          graded +=
              "GRADED".equals(api.get("/api/v1/submissions/" + id).body().path("status").asText())
                  ? 1
                  : 0;
        }
        if (graded == ids.size()) {
          break;
        }
        if (graded > lastGraded) {
          lastGraded = graded;
          lastProgress = Instant.now();
        }
        assertTrue(
            Duration.between(lastProgress, Instant.now()).toSeconds() < 120,
            "grading stalled for 2 minutes at " + graded + " of 200");
        assertTrue(
            Duration.between(start, Instant.now()).toMinutes() < 15,
            graded + " of 200 graded in 15 minutes");
        if (Instant.now().isAfter(nextKill) && graded < ids.size() - 20 && kills < MAX_KILLS) {
          String victim = runners.get(random.nextInt(runners.size()));
          cluster.runner(victim).kill();
          kills++;
          Thread.sleep(1500);
          cluster.startRunner(victim, 2, Map.of());
          nextKill = Instant.now().plusSeconds(3 + random.nextInt(3));
        }
        Thread.sleep(1000);
      }
    }
    return kills;
  }

  @Test
  void oneStudentsTwentySubmissionsDoNotDelayAnothersOne() throws Exception {
    try (TestCluster cluster = new TestCluster("fairness", 1, FAST)) {
      ApiClient api = firstSchedulerUp(cluster);
      createAssignment(api, "fair", "default");
      cluster.startRunner("r1", 1, Map.of());
      List<String> alice = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        alice.add(submit(api, "fair", "alice", "print('done')\n"));
      }
      String bob = submit(api, "fair", "bob", "print('done')\n");
      List<String> all = new ArrayList<>(alice);
      all.add(bob);
      diagnosed(api, cluster, all, () -> fairness(api, alice, bob));
    }
  }

  private static void fairness(ApiClient api, List<String> alice, String bob) throws Exception {
    {
      Instant bobStarted =
          Instant.parse(
              api.awaitGraded(bob, GRADING).path("attempts").get(0).path("startedAt").asText());
      int aliceAfterBob = 0;
      for (String id : alice) {
        Instant started =
            Instant.parse(
                api.awaitGraded(id, GRADING).path("attempts").get(0).path("startedAt").asText());
        aliceAfterBob += started.isAfter(bobStarted) ? 1 : 0;
      }
      System.out.printf(
          "fairness: %d of alice's 20 submissions started after bob's one%n", aliceAfterBob);
      assertTrue(
          aliceAfterBob >= 17, "bob waited for " + (20 - aliceAfterBob) + " of alice's jobs");
    }
  }

  @Test
  void aFlavourWithoutRunnersWaitsAndAFullQueueRefusesWithRetryAfter() throws Exception {
    Map<String, String> bounded = new HashMap<>(FAST);
    bounded.put("autograder.flavours.gpu.memory", "1 GiB");
    bounded.put("autograder.scheduler.max-queued-per-flavour", "3");
    try (TestCluster cluster = new TestCluster("full-queue", 1, bounded)) {
      ApiClient api = firstSchedulerUp(cluster);
      createAssignment(api, "lonely", "gpu");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(submit(api, "lonely", "ada", "print('done')\n"));
      }
      JsonNode queue = api.get("/api/v1/submissions/" + ids.get(2)).body().path("queue");
      assertEquals("WAITING", queue.path("state").asText());
      assertEquals(0, queue.path("runners").asInt(), "the API says no runner serves the flavour");
      assertEquals(-1, queue.path("estimatedWaitMillis").asInt());
      int before = cluster.recordedSubmissions();

      var refused = api.submit("lonely", "ada", Map.of("main.py", "print('done')\n"));
      assertEquals(503, refused.status(), refused.body().toString());
      assertEquals("queue_full", refused.body().path("error").path("code").asText());
      assertTrue(
          Integer.parseInt(refused.retryAfter()) >= 1, "Retry-After: " + refused.retryAfter());
      assertEquals(before, cluster.recordedSubmissions(), "the refused submission is not recorded");
      JsonNode gpu = null;
      for (JsonNode f : api.get("/api/v1/queues").body().path("flavours")) {
        if (f.path("flavour").asText().equals("gpu")) {
          gpu = f;
        }
      }
      assertEquals(3, gpu.path("waiting").asInt());
      assertEquals(0, gpu.path("runnerNodes").asInt());
      String metrics = api.text("/metrics");
      assertTrue(metrics.contains("autograder_runner_nodes{flavour=\"gpu\"} 0.0"), metrics);
      assertTrue(metrics.contains("autograder_queue_waiting_jobs{flavour=\"gpu\"} 3.0"), metrics);
      System.out.printf(
          "full queue: %d waiting with no runner, the next refused with 503 Retry-After %s, %d recorded%n",
          gpu.path("waiting").asInt(), refused.retryAfter(), cluster.recordedSubmissions());
    }
  }

  @Test
  void aRecyclingRunnerLeavesAfterItsBudgetAndAFreshOneTakesOver() throws Exception {
    try (TestCluster cluster = new TestCluster("recycling", 1, FAST)) {
      ApiClient api = firstSchedulerUp(cluster);
      createAssignment(api, "batch", "default");
      NodeProcess recycled =
          cluster.startRunner("recycled", 1, Map.of("autograder.runner.recycle-after-jobs", "2"));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(submit(api, "batch", "ada", "print('done')\n"));
      }
      diagnosed(
          api,
          cluster,
          ids,
          () -> {
            api.awaitGraded(ids.get(0), GRADING);
            api.awaitGraded(ids.get(1), GRADING);
            assertTrue(
                recycled.waitFor(60, TimeUnit.SECONDS),
                () ->
                    "the runner exits after its two jobs; the end of its log:\n"
                        + recycled.logTail(60));
            assertEquals(0, recycled.exitValue());
            assertEquals(
                "QUEUED",
                api.get("/api/v1/submissions/" + ids.get(2)).body().path("status").asText());
            cluster.startRunner("fresh", 1, Map.of());
            assertEquals(
                "ACCEPTED",
                api.awaitGraded(ids.get(2), GRADING).path("result").path("verdict").asText());
          });
      System.out.println(
          "recycling: the runner left after 2 jobs with exit code 0; a fresh runner graded the third");
    }
  }
}
