package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.testing.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cluster across hosts: the scheduler node, two runner nodes and a client each on a host of
 * their own (network namespaces on a bridge, scripts/netns-hosts.sh), talking TLS. A runner's link
 * is cut in the middle of a job: the other runner grades it. The link is healed: the cut runner,
 * downed meanwhile, joins again in the same process and grades again. Prints the timings.
 */
class MultiHostTest {
  private static final Duration GRADING = Duration.ofSeconds(180);
  private static final int CLUSTER_PORT = 25520;
  private static final int HTTP_PORT = 8080;

  private final String run = "mh-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path logs = Path.of("target", "system-test-logs", "multi-host");
  private final List<NodeProcess> nodes = new ArrayList<>();

  private static String sleeper(double seconds) {
    return "import time\ntime.sleep(" + seconds + ")\nprint('done')\n";
  }

  private NodeProcess start(
      NetworkHosts hosts, String host, String jar, Map<String, String> properties)
      throws Exception {
    Map<String, String> p = new LinkedHashMap<>(properties);
    p.put("pekko.remote.artery.canonical.hostname", hosts.address(host));
    p.put("pekko.remote.artery.canonical.port", String.valueOf(CLUSTER_PORT));
    p.put(
        "pekko.cluster.seed-nodes.0",
        "pekko://autograder@" + hosts.address("scheduler") + ":" + CLUSTER_PORT);
    // A lost lease comes back within seconds; the SBR keeps conf/local.conf's 7 s.
    p.put("autograder.scheduler.lease-ttl", "6s");
    p.put("autograder.scheduler.reconcile-every", "3s");
    p.put("autograder.runner.alone-timeout", "10s");
    NodeProcess node = NodeProcess.start(hosts.launcher(host), host, jar, logs, p);
    nodes.add(node);
    return node;
  }

  private NodeProcess startRunner(NetworkHosts hosts, String host) throws Exception {
    return start(
        hosts,
        host,
        NodeProcess.RUNNER_JAR,
        Map.of("autograder.runner.node-name", run + "-" + host));
  }

  /** The host of the runner node that a runner id ("NODE/slot") names. */
  private String hostOf(String runnerId) {
    return runnerId.substring(run.length() + 1, runnerId.lastIndexOf('/'));
  }

  /** How many runner nodes the scheduler counts for the default flavour. */
  private static int runnerNodes(ClientHostApi api) throws Exception {
    for (JsonNode f : api.get("/api/v1/queues").body().path("flavours")) {
      if (f.path("flavour").asText().equals("default")) {
        return f.path("runnerNodes").asInt();
      }
    }
    return -1;
  }

  private static void awaitRunnerNodes(ClientHostApi api, int expected, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    int seen;
    while ((seen = runnerNodes(api)) != expected) {
      assertTrue(
          Instant.now().isBefore(deadline),
          "the scheduler counts " + seen + " runner nodes, not " + expected);
      Thread.sleep(250);
    }
  }

  private static String awaitStarted(ClientHostApi api, String id) throws Exception {
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

  private static String submit(ClientHostApi api, String student, String source) throws Exception {
    var accepted = api.submit("slow", student, Map.of("main.py", source));
    assertEquals(202, accepted.status(), accepted.body().toString());
    return accepted.body().path("id").asText();
  }

  @Test
  void aRunnerCutOffMidJobLosesItToTheOtherAndServesAgainWhenHealed() throws Exception {
    RequiredService.require("network namespaces (root, iproute2, curl)", NetworkHosts::available);
    RequiredService.require("the Docker engine", TestCluster::dockerAnswers);
    Path data =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "multi-host-");
    try (NetworkHosts hosts = NetworkHosts.up()) {
      String regraded = null;
      try {
        // H2: PostgreSQL listens on the root namespace's loopback, which no test host reaches.
        NodeProcess scheduler =
            start(
                hosts,
                "scheduler",
                NodeProcess.SCHEDULER_JAR,
                Map.of(
                    "autograder.http.interface", hosts.address("scheduler"),
                    "autograder.http.port", String.valueOf(HTTP_PORT),
                    "autograder.data-dir", data.toAbsolutePath().toString()));
        var api =
            new ClientHostApi(
                hosts.launcher("client"),
                "http://" + hosts.address("scheduler") + ":" + HTTP_PORT,
                data.resolve("client"));
        api.awaitUp(Duration.ofSeconds(120), scheduler);
        Map<String, NodeProcess> runners =
            new LinkedHashMap<>(
                Map.of(
                    "runner-a",
                    startRunner(hosts, "runner-a"),
                    "runner-b",
                    startRunner(hosts, "runner-b")));
        awaitRunnerNodes(api, 2, Duration.ofSeconds(120));
        var created =
            api.createAssignment(
                """
            {"id": "slow", "title": "slow", "spec": {"language": "PYTHON", "tests": [
              {"name": "prints done", "expectedStdout": "done\\n", "points": 1, "timeLimitMillis": 30000}]}}
            """);
        assertEquals(201, created.status(), created.body().toString());

        String id = submit(api, "ada", sleeper(8));
        regraded = id;
        String cut = hostOf(awaitStarted(api, id));
        String other = cut.equals("runner-a") ? "runner-b" : "runner-a";
        Thread.sleep(1500);
        long cutAt = System.nanoTime();
        hosts.cut(cut);

        // Both at once, to time each: the job graded again, and the cut node dropped by the
        // scheduler.
        JsonNode graded = null;
        long regradedMillis = -1;
        long droppedMillis = -1;
        Instant deadline = Instant.now().plus(GRADING);
        while (graded == null || droppedMillis < 0) {
          assertTrue(
              Instant.now().isBefore(deadline),
              "not graded again, or the cut node not dropped, in " + GRADING);
          JsonNode view = api.get("/api/v1/submissions/" + id).body();
          if (graded == null && view.path("status").asText().equals("GRADED")) {
            graded = view;
            regradedMillis = (System.nanoTime() - cutAt) / 1_000_000;
          }
          if (droppedMillis < 0 && runnerNodes(api) == 1) {
            droppedMillis = (System.nanoTime() - cutAt) / 1_000_000;
          }
          Thread.sleep(250);
        }
        assertEquals("ACCEPTED", graded.path("result").path("verdict").asText(), graded.toString());
        JsonNode attempts = graded.path("attempts");
        assertEquals(2, attempts.size(), graded.toString());
        assertEquals(
            other, hostOf(attempts.get(1).path("runnerId").asText()), "the other runner graded it");

        long healedAt = System.nanoTime();
        hosts.heal(cut);
        NodeProcess healed = runners.get(cut);
        Instant rejoinBy = Instant.now().plus(GRADING);
        while (runnerNodes(api) != 2) {
          assertTrue(
              Instant.now().isBefore(rejoinBy),
              "the healed runner did not rejoin within " + GRADING);
          if (healed == runners.get(cut) && healed.endedOnAStalledStop()) {
            // Its actor system stalled stopping after the downing (see NodeProcess): the process
            // ended for its orchestrator to start it afresh; the test stands in for the
            // orchestrator.
            System.out.println(
                "multi-host: the healed runner's actor system stalled stopping; its process ended and"
                    + " is started again as its orchestrator would");
            runners.put(cut, startRunner(hosts, cut));
          }
          Thread.sleep(250);
        }
        long rejoinedMillis = (System.nanoTime() - healedAt) / 1_000_000;
        if (runners.get(cut) == healed) {
          assertTrue(healed.isAlive(), "the cut runner's process lives on");
          assertTrue(
              healed.log().contains("joining the cluster again"), "it restarted its actor system");
        }

        // With the other runner gone, the healed one must take the next job.
        runners.get(other).stop();
        awaitRunnerNodes(api, 1, GRADING);
        String next = submit(api, "grace", sleeper(0));
        JsonNode nextGraded = api.awaitGraded(next, GRADING);
        long servedMillis = (System.nanoTime() - healedAt) / 1_000_000;
        assertEquals(
            "ACCEPTED", nextGraded.path("result").path("verdict").asText(), nextGraded.toString());
        assertEquals(cut, hostOf(nextGraded.path("attempts").get(0).path("runnerId").asText()));
        JsonNode first = api.get("/api/v1/submissions/" + id).body();
        assertEquals(
            graded.path("result"), first.path("result"), "the first job keeps its one result");

        System.out.printf(
            "multi-host: %s cut mid-job; graded by %s on attempt 2 %d ms after the cut (the scheduler"
                + " dropped the cut node after %d ms); healed: rejoined after %d ms, graded its next job %d ms after"
                + " the heal%n",
            cut, other, regradedMillis, droppedMillis, rejoinedMillis, servedMillis);
      } catch (AssertionError | Exception e) {
        printNodes();
        throw e;
      } finally {
        for (NodeProcess node : nodes) {
          node.close();
        }
      }
      assertEquals(
          1, gradedEvents(data, regraded), "the job cut off mid-way is recorded graded once");
      assertEquals("", sandboxLeftovers(), "sandbox containers or volumes left behind");
    } finally {
      removeSandboxLeftovers();
    }
  }

  /**
   * For a failure: whether each node's process lives, its last warnings and errors (an unhealthy
   * runner, a refused join, a stop that overran) and the end of its log; CI keeps only its output.
   */
  private void printNodes() {
    for (NodeProcess node : nodes) {
      List<String> warnings;
      try {
        warnings =
            node.output()
                .lines()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .toList();
      } catch (Exception e) {
        warnings = List.of("(its log cannot be read: " + e.getMessage() + ")");
      }
      System.out.println(
          "==== "
              + node
              + (node.isAlive() ? ": alive" : ": exited with " + node.exitValue())
              + "\n-- its last 40 warnings and errors:\n"
              + String.join(
                  "\n", warnings.subList(Math.max(0, warnings.size() - 40), warnings.size()))
              + "\n-- the last 40 lines of its log:\n"
              + node.logTail(40)
              + "\n==== end of "
              + node);
    }
  }

  /**
   * How many SubmissionGraded events the scheduler's H2 journal holds for a submission (once it
   * stopped).
   */
  private static int gradedEvents(Path data, String submissionId) throws SQLException {
    String url =
        "jdbc:h2:file:" + data.toAbsolutePath().resolve("autograder") + ";DATABASE_TO_UPPER=false";
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM event_journal WHERE persistence_id = ?"
                    + " AND event_ser_manifest LIKE '%SubmissionGraded'")) {
      s.setString(1, "Submission|" + submissionId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static List<String> lines(String output) {
    return output.isEmpty() ? List.of() : List.of(output.split("\\s+"));
  }

  /** The containers and volumes of this test's runners still in the engine. */
  private String sandboxLeftovers() throws Exception {
    List<String> left = new ArrayList<>();
    for (String host : List.of("runner-a", "runner-b")) {
      String label = "label=autograder.node=" + run + "-" + host;
      left.addAll(lines(TestCluster.docker("ps", "-aq", "--filter", label)));
      left.addAll(lines(TestCluster.docker("volume", "ls", "-q", "--filter", label)));
    }
    return String.join(" ", left);
  }

  /** Also after a failure: the engine is shared with other tests. */
  private void removeSandboxLeftovers() throws Exception {
    for (String host : List.of("runner-a", "runner-b")) {
      String label = "label=autograder.node=" + run + "-" + host;
      for (String container : lines(TestCluster.docker("ps", "-aq", "--filter", label))) {
        TestCluster.docker("rm", "-f", "-v", container);
      }
      for (String volume : lines(TestCluster.docker("volume", "ls", "-q", "--filter", label))) {
        TestCluster.docker("volume", "rm", "-f", volume);
      }
    }
  }
}
