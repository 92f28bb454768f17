package dev.autograder.bench;

import dev.autograder.client.ApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged nodes as an operator starts them: a scheduler node on a fresh PostgreSQL database of
 * its own (dropped at the end) and runner nodes that join it, each a JVM of its own on loopback.
 * Run from the repository's root after the jars are built.
 */
final class LocalCluster implements AutoCloseable {
  static final String DB_USER = "autograder";

  /** The bench installation's site admin password. */
  static final String ADMIN_PASSWORD = "bench-admin-password";

  /** The course the benchmarks submit in, for their own students. */
  /** PostgreSQL's SQLSTATE for a refused privilege. */
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  /** Seconds to wait for an autovacuum worker to leave the run's database. */
  private static final int DROP_ATTEMPTS = 60;

  private static final ApiClient.Course COURSE =
      new ApiClient.Course("bench", "BENCH", "Benchmarks", "-");

  private final String name =
      "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String server;
  private final String url;
  private final Path logs;
  private final int clusterPort = freePort();
  private final int httpPort = freePort();
  private final List<Process> nodes = new ArrayList<>();
  private Process scheduler;
  private Path credentials;

  /** {@code server} is the JDBC URL scripts/ensure-postgres.sh prints. */
  LocalCluster(String benchmark, String server) throws SQLException {
    this.server = server;
    try (Connection c = DriverManager.getConnection(server, DB_USER, DB_USER)) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    url = server.substring(0, server.lastIndexOf('/') + 1) + name;
    logs = Path.of("bench", "target", "logs", benchmark);
  }

  /** The bench's own database, for the raw JDBC figures beside the node's. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, DB_USER, DB_USER);
  }

  /** Starts the scheduler node and waits until its API answers. */
  ApiClient startScheduler(Map<String, String> properties)
      throws IOException, InterruptedException {
    Map<String, String> p = shared();
    p.put("pekko.remote.artery.canonical.port", String.valueOf(clusterPort));
    p.put("autograder.http.port", String.valueOf(httpPort));
    p.put("autograder.accounts.admin-password", ADMIN_PASSWORD);
    p.putAll(properties);
    Process node = start("scheduler", "scheduler-node/target/scheduler-node.jar", p);
    scheduler = node;
    ApiClient api =
        ApiClient.admin(
            "http://127.0.0.1:" + httpPort, ADMIN_PASSWORD, COURSE, Duration.ofSeconds(60));
    api.awaitUp(Duration.ofSeconds(120), node::isAlive);
    return api;
  }

  /** The scheduler node's process, to measure what it uses. */
  ProcessHandle schedulerProcess() {
    return scheduler.toHandle();
  }

  /** Where the scheduler's API listens. */
  int httpPort() {
    return httpPort;
  }

  /** Starts a runner node; the scheduler sees it once it joins the cluster. */
  void startRunner(String runner, int slots, Map<String, String> properties) throws IOException {
    Map<String, String> p = shared();
    p.put("pekko.remote.artery.canonical.port", String.valueOf(freePort()));
    p.put("autograder.runner.node-name", name + "-" + runner);
    p.put("autograder.runner.slots", String.valueOf(slots));
    p.putAll(properties);
    start(runner, "runner-node/target/runner-node.jar", p);
  }

  private Map<String, String> shared() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("pekko.cluster.seed-nodes.0", "pekko://autograder@127.0.0.1:" + clusterPort);
    p.put("autograder.database.url", url);
    p.put("autograder.database.user", DB_USER);
    p.put("autograder.database.password", DB_USER);
    p.put("pekko.loglevel", "WARNING");
    return p;
  }

  private Process start(String node, String jar, Map<String, String> properties)
      throws IOException {
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException(jar + " is missing: bench/run.sh builds it");
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dconfig.file=conf/local.conf"));
    if (System.getenv("AUTOGRADER_BENCH_JFR") != null) {
      // A profile of the node for the whole run, to say where its time goes; Pekko's stacks are
      // deeper than JFR's default 64 frames, which would cut off who called.
      cmd.add("-XX:FlightRecorderOptions:stackdepth=512");
      cmd.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + logs.resolve(node + ".jfr").toAbsolutePath());
    }
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-jar", jar));
    Files.createDirectories(logs);
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(node + ".log").toFile()));
    builder.environment().put("AUTOGRADER_TLS_DIR", credentials().toString());
    Process p = builder.start();
    nodes.add(p);
    // A benchmark stopped with Ctrl-C still stops its nodes (SIGTERM: runners remove their
    // containers).
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    return p;
  }

  /** The cluster's TLS credentials, made once per cluster by the script an operator uses. */
  private Path credentials() throws IOException {
    if (credentials == null) {
      credentials = Path.of("bench", "target", "tls", name).toAbsolutePath();
      Files.createDirectories(credentials.getParent());
      Process script =
          new ProcessBuilder("scripts/cluster-credentials.sh", credentials.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(script.getInputStream().readAllBytes());
      try {
        if (script.waitFor() != 0) {
          throw new IOException("scripts/cluster-credentials.sh failed: " + out);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    return credentials;
  }

  /** Stops the nodes in reverse order (runners leave first) and drops the database. */
  @Override
  public void close() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Process p = nodes.get(i);
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    dropDatabase();
  }

  /**
   * Drops the run's database. FORCE ends our own sessions, but an autovacuum worker busy in it
   * belongs to the server, and ending it is refused to us ("must be a member of the role…"): wait
   * for it to finish. A database still there after that is named, and the figures still stand.
   */
  private void dropDatabase() throws SQLException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = DriverManager.getConnection(server, DB_USER, DB_USER)) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        return;
      } catch (SQLException e) {
        if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
          throw e;
        }
        if (attempt == DROP_ATTEMPTS) {
          System.err.printf(
              "[bench] database %s left behind: %s (drop it as the postgres user)%n",
              name, e.getMessage());
          return;
        }
        Thread.sleep(1000);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
