package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.client.ApiClient;
import dev.autograder.testing.RequiredService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A grading cluster of real JVMs on loopback for one test: scheduler nodes and runner nodes from
 * the packaged jars, sharing a fresh PostgreSQL database (scheduler nodes on several JVMs need one
 * database; the embedded H2 file belongs to one process), or one scheduler node on H2.
 */
final class TestCluster implements AutoCloseable {
  private static final String USER = "autograder";

  private final String name = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  /** The PostgreSQL database made for this cluster, or null on H2. */
  private final String database;

  private final String url;
  private final Path logs;
  private final Map<String, String> shared;
  private final List<Integer> clusterPorts = new ArrayList<>();
  private final List<Integer> httpPorts = new ArrayList<>();
  private final Map<Integer, NodeProcess> schedulers = new HashMap<>();
  private final Map<String, NodeProcess> runners = new LinkedHashMap<>();
  private final Map<String, Integer> runnerPorts = new HashMap<>();

  /** {@code properties} apply to every node (e.g. a shorter lease, another flavour). */
  TestCluster(String test, int schedulerNodes, Map<String, String> properties) throws Exception {
    this(test, schedulerNodes, properties, null);
  }

  /**
   * One scheduler node on the embedded H2 database in {@code dataDir} (as scripts/start-local.sh
   * runs it: the node's default URL under autograder.data-dir), started again on the same files.
   */
  static TestCluster onH2(String test, Path dataDir, Map<String, String> properties)
      throws Exception {
    return new TestCluster(test, 1, properties, dataDir);
  }

  private TestCluster(
      String test, int schedulerNodes, Map<String, String> properties, Path h2DataDir)
      throws Exception {
    RequiredService.require("the Docker engine", TestCluster::dockerAnswers);
    if (h2DataDir == null) {
      String server = System.getenv("AUTOGRADER_TEST_POSTGRES_URL");
      RequiredService.require(
          "PostgreSQL (scripts/ensure-postgres.sh)",
          () -> {
            try (Connection c = DriverManager.getConnection(server, USER, USER)) {
              return c.isValid(5);
            } catch (SQLException | RuntimeException e) {
              return false;
            }
          });
      database = "autograder_" + name;
      try (Connection c = DriverManager.getConnection(server, USER, USER)) {
        c.createStatement().execute("CREATE DATABASE " + database);
      }
      url = server.substring(0, server.lastIndexOf('/') + 1) + database;
    } else {
      database = null;
      url = null;
    }
    logs = Path.of("target", "system-test-logs", test);
    // A node started again appends to its file: start each run of the test with empty logs.
    if (Files.isDirectory(logs)) {
      try (var old = Files.list(logs)) {
        for (Path f : old.filter(p -> p.toString().endsWith(".log")).toList()) {
          Files.delete(f);
        }
      }
    }
    for (int i = 0; i < schedulerNodes; i++) {
      clusterPorts.add(NodeProcess.freePort());
      httpPorts.add(NodeProcess.freePort());
    }
    shared = new LinkedHashMap<>(properties);
    for (int i = 0; i < schedulerNodes; i++) {
      shared.put(
          "pekko.cluster.seed-nodes." + i, "pekko://autograder@127.0.0.1:" + clusterPorts.get(i));
    }
    if (h2DataDir == null) {
      shared.put("autograder.database.url", url);
      shared.put("autograder.database.user", USER);
      shared.put("autograder.database.password", USER);
    } else {
      shared.put("autograder.data-dir", h2DataDir.toAbsolutePath().toString());
    }
  }

  /** Where this cluster's nodes write their logs (a node started again appends to its file). */
  Path logs() {
    return logs;
  }

  NodeProcess startScheduler(int index) throws IOException {
    Map<String, String> p = new LinkedHashMap<>(shared);
    p.put("pekko.remote.artery.canonical.port", String.valueOf(clusterPorts.get(index)));
    p.put("autograder.http.port", String.valueOf(httpPorts.get(index)));
    NodeProcess node = NodeProcess.scheduler("scheduler-" + index, logs, p);
    schedulers.put(index, node);
    return node;
  }

  /** Starts (or starts again, on the same port and name) a runner node. */
  NodeProcess startRunner(String runner, int slots, Map<String, String> extra) throws IOException {
    Map<String, String> p = new LinkedHashMap<>(shared);
    p.putAll(extra);
    int port =
        runnerPorts.computeIfAbsent(
            runner,
            r -> {
              try {
                return NodeProcess.freePort();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    p.put("pekko.remote.artery.canonical.port", String.valueOf(port));
    p.put("autograder.runner.node-name", name + "-" + runner);
    p.put("autograder.runner.slots", String.valueOf(slots));
    NodeProcess node = NodeProcess.runner(runner, logs, p);
    runners.put(runner, node);
    return node;
  }

  /** The cluster address of a scheduler node, one of the seed nodes. */
  String schedulerAddress(int index) {
    return "pekko://autograder@127.0.0.1:" + clusterPorts.get(index);
  }

  /** The cluster address of a runner node started before. */
  String runnerAddress(String runner) {
    return "pekko://autograder@127.0.0.1:" + runnerPorts.get(runner);
  }

  NodeProcess runner(String runner) {
    return runners.get(runner);
  }

  /** The runner node whose name a runner id ("NODE/slot") carries. */
  String runnerOf(String runnerId) {
    String node = runnerId.substring(0, runnerId.lastIndexOf('/'));
    return node.substring(name.length() + 1);
  }

  NodeProcess scheduler(int index) {
    return schedulers.get(index);
  }

  /** The tests' course, where an admin client makes assignments and enrols students. */
  static final ApiClient.Course COURSE =
      new ApiClient.Course("system-tests", "ST", "System tests", "always");

  /** The API of the node at {@code base} as its site admin uses it, in the tests' course. */
  static ApiClient admin(String base) {
    return ApiClient.admin(base, NodeProcess.ADMIN_PASSWORD, COURSE, Duration.ofSeconds(30));
  }

  ApiClient api(int index) {
    return admin(baseUrl(index));
  }

  String baseUrl(int index) {
    return "http://127.0.0.1:" + httpPorts.get(index);
  }

  /** How many SubmissionGraded events the journal holds for a submission: exactly one, always. */
  int gradedEvents(String submissionId) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, USER, USER);
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

  /** How many submissions the journal holds at all. */
  int recordedSubmissions() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, USER, USER);
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT count(DISTINCT persistence_id) FROM event_journal"
                        + " WHERE persistence_id LIKE 'Submission|%'")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Override
  public void close() throws Exception {
    for (NodeProcess r : runners.values()) {
      r.close();
    }
    for (NodeProcess s : schedulers.values()) {
      s.close();
    }
    // Only this cluster's runners: other clusters on the machine may be grading right now.
    for (String runner : runners.keySet()) {
      assertEquals(
          "",
          docker("ps", "-aq", "--filter", "label=autograder.node=" + name + "-" + runner),
          "sandbox containers left behind by " + runner);
    }
    if (database != null) {
      try (Connection c =
          DriverManager.getConnection(System.getenv("AUTOGRADER_TEST_POSTGRES_URL"), USER, USER)) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  static boolean dockerAnswers() {
    return dockerSucceeds("info");
  }

  /** Whether a docker command exits with 0 (an image exists, a container runs). */
  static boolean dockerSucceeds(String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    try {
      return new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor()
          == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static String docker(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor();
    return out;
  }
}
