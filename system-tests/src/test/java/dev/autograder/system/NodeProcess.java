package dev.autograder.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node started from its packaged jar in a JVM of its own, as an operator would start it. */
final class NodeProcess implements AutoCloseable {
  /** The site admin's password on every test installation. */
  static final String ADMIN_PASSWORD = "system-tests-admin";
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private final String name;
  private final Process process;
  private final Path log;

  private NodeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static NodeProcess scheduler(String name, Path logs, Map<String, String> properties) throws IOException {
    Map<String, String> withAdmin = new java.util.HashMap<>(properties);
    withAdmin.putIfAbsent("autograder.accounts.admin-password", ADMIN_PASSWORD);
    return start(name, "scheduler-node/target/scheduler-node.jar", logs, withAdmin);
  }

  static NodeProcess runner(String name, Path logs, Map<String, String> properties) throws IOException {
    return start(name, "runner-node/target/runner-node.jar", logs, properties);
  }

  private static NodeProcess start(String name, String jar, Path logs, Map<String, String> properties)
      throws IOException {
    List<String> options = new ArrayList<>(List.of("-Dconfig.file=" + REPO.resolve("conf/local.conf")));
    properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
    return launch(name, jar, logs, options, new ProcessBuilder());
  }

  /**
   * As an operator starts a node in production: {@code java -jar} with a file under conf/ and
   * environment variables, nothing else (none of the test JVM's AUTOGRADER_* variables leak in).
   */
  static NodeProcess fromEnvironment(String name, String jar, String confFile, Path logs, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().keySet().removeIf(variable -> variable.startsWith("AUTOGRADER_"));
    builder.environment().putAll(environment);
    return launch(name, jar, logs, List.of("-Dconfig.file=" + REPO.resolve(confFile)), builder);
  }

  private static NodeProcess launch(String name, String jar, Path logs, List<String> options, ProcessBuilder builder)
      throws IOException {
    Path jarPath = REPO.resolve(jar);
    if (!Files.exists(jarPath)) {
      throw new IllegalStateException(jarPath + " is missing: build with mvn package first");
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC"));
    cmd.addAll(options);
    cmd.addAll(List.of("-jar", jarPath.toString()));
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    Process p = builder.command(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new NodeProcess(name, p, log);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  boolean isAlive() {
    return process.isAlive();
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
