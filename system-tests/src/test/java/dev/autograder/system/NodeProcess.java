package dev.autograder.system;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.testing.TestCredentials;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node started from its packaged jar in a JVM of its own, as an operator would start it. */
final class NodeProcess implements AutoCloseable {
  /** The site admin's password on every test installation. */
  static final String ADMIN_PASSWORD = "system-tests-admin";

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final String SCHEDULER_JAR = "scheduler-node/target/scheduler-node.jar";
  static final String RUNNER_JAR = "runner-node/target/runner-node.jar";

  /** The flavours every node of a deployment (and of these tests) loads: conf/flavours.conf. */
  static FlavourCatalog flavours() {
    Config conf =
        ConfigFactory.parseFile(REPO.resolve("conf/flavours.conf").toFile())
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return FlavourCatalog.fromConfig(conf);
  }

  private final String name;
  private final Process process;
  private final Path log;

  /** Where this process's part of the log starts: a node started again appends to its file. */
  private final long logStart;

  private NodeProcess(String name, Process process, Path log, long logStart) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  static NodeProcess scheduler(String name, Path logs, Map<String, String> properties)
      throws IOException {
    return start(List.of(), name, SCHEDULER_JAR, logs, properties);
  }

  static NodeProcess runner(String name, Path logs, Map<String, String> properties)
      throws IOException {
    return start(List.of(), name, RUNNER_JAR, logs, properties);
  }

  /**
   * Starts a node with the cluster credentials of this test run for its role (properties may name
   * others) and, for a scheduler, the tests' site admin password; its command line after {@code
   * launcher} (e.g. {@code ip netns exec NS}).
   */
  static NodeProcess start(
      List<String> launcher, String name, String jar, Path logs, Map<String, String> properties)
      throws IOException {
    List<String> options =
        new ArrayList<>(List.of("-Dconfig.file=" + REPO.resolve("conf/local.conf")));
    if (jar.equals(SCHEDULER_JAR)
        && !properties.containsKey("autograder.accounts.admin-password")) {
      options.add("-Dautograder.accounts.admin-password=" + ADMIN_PASSWORD);
    }
    properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
    ProcessBuilder builder = new ProcessBuilder();
    // Each kind of node gets the certificate of its role, as in a deployment.
    builder
        .environment()
        .put(
            "AUTOGRADER_TLS_DIR",
            TestCredentials.cluster()
                .resolve(jar.equals(SCHEDULER_JAR) ? "scheduler" : "runner")
                .toString());
    return launch(launcher, name, jar, logs, options, builder);
  }

  /**
   * As an operator starts a node in production: {@code java -jar} with a file under conf/ and
   * environment variables, nothing else (none of the test JVM's AUTOGRADER_* variables leak in).
   */
  static NodeProcess fromEnvironment(
      String name, String jar, String confFile, Path logs, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().keySet().removeIf(variable -> variable.startsWith("AUTOGRADER_"));
    builder.environment().putAll(environment);
    return launch(
        List.of(), name, jar, logs, List.of("-Dconfig.file=" + REPO.resolve(confFile)), builder);
  }

  private static NodeProcess launch(
      List<String> launcher,
      String name,
      String jar,
      Path logs,
      List<String> options,
      ProcessBuilder builder)
      throws IOException {
    Path jarPath = REPO.resolve(jar);
    if (!Files.exists(jarPath)) {
      throw new IllegalStateException(jarPath + " is missing: build with mvn package first");
    }
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-XX:+UseSerialGC"));
    cmd.addAll(options);
    cmd.addAll(List.of("-jar", jarPath.toString()));
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Process p =
        builder
            .command(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new NodeProcess(name, p, log, logStart);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The last {@code lines} lines this process logged, for a failing test's message. */
  String logTail(int lines) {
    try {
      String[] all = log().split("\n");
      return String.join(
          "\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    } catch (IOException e) {
      return "(its log cannot be read: " + e.getMessage() + ")";
    }
  }

  /** What this process has logged so far. */
  String log() throws IOException {
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
  }

  /** Waits until this process logs the text; fails when it does not in time. */
  void awaitLogged(String text, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!log().contains(text)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            this
                + (process.isAlive() ? " (alive)" : " (exited with " + process.exitValue() + ")")
                + " did not log '"
                + text
                + "' within "
                + timeout
                + "; the end of its log:\n"
                + logTail(40));
      }
      Thread.sleep(250);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Whether this runner's process ended because its actor system stalled stopping (a Pekko 1.2.1
   * remoting stall, see RunnerNode): it ends then for its orchestrator to start it afresh, and a
   * test that stands in for the orchestrator starts it again.
   */
  boolean endedOnAStalledStop() throws IOException {
    return !isAlive() && log().contains("the actor system did not stop within");
  }

  boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit);
  }

  int exitValue() {
    return process.exitValue();
  }

  /** What the node has written to its log so far. */
  String output() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL: the node gets no chance to leave the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the node stays alive but answers nothing, as in a long pause or a cut network. */
  void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a frozen node runs on where it stopped. */
  void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    int exit =
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
            .inheritIO()
            .start()
            .waitFor();
    if (exit != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " exited with " + exit);
    }
  }

  /** SIGTERM: the node leaves the cluster and shuts down in order. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  @Override
  public String toString() {
    return name + " (log " + log + ")";
  }
}
