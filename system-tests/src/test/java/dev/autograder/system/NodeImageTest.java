package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.client.ApiClient;
import dev.autograder.testing.RequiredService;
import dev.autograder.testing.TestCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The node images as Nomad runs them: built by scripts/build-node-images.sh, a scheduler container
 * and a runner container on the host's network, configured by environment variables only, the
 * runner grading through the host's Docker socket. Everything it tagged or started is removed
 * after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeImageTest {
  private static final Duration STARTING = Duration.ofSeconds(90);

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String tag = "test-" + id;
  private final String runnerName = "image-" + id;
  private final Path logs = Path.of("target", "system-test-logs", "node-images");

  /** Started containers, in order. */
  private final List<String> containers = new ArrayList<>();

  private boolean built;

  /**
   * A node container as the Nomad jobs configure it: host network, environment variables, mounts.
   */
  private String start(String node, Map<String, String> environment, List<String> mounts)
      throws Exception {
    String name = "autograder-test-" + id + "-" + node;
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "run",
                "-d",
                "--name",
                name,
                "--network",
                "host",
                "--memory",
                "1g",
                "--label",
                "autograder.test=" + id));
    environment.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
    mounts.forEach(m -> cmd.addAll(List.of("-v", m)));
    cmd.add("autograder-" + node + ":" + tag);
    containers.add(name);
    String out = TestCluster.docker(cmd.toArray(String[]::new));
    assertTrue(running(name), "docker run " + name + ": " + out);
    return name;
  }

  private static boolean running(String container) {
    try {
      return "true".equals(TestCluster.docker("inspect", "-f", "{{.State.Running}}", container));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The engine's socket, where the runner node starts its sandboxes. */
  private static String dockerSocket() {
    return Optional.ofNullable(System.getenv("DOCKER_HOST"))
        .filter(h -> h.startsWith("unix://"))
        .map(h -> h.substring("unix://".length()))
        .orElse("/var/run/docker.sock");
  }

  @Test
  void theNodeImagesGradeASubmissionOverHttp() throws Exception {
    RequiredService.require("the Docker engine", TestCluster::dockerAnswers);
    Files.createDirectories(logs);
    long start = System.nanoTime();
    ProcessBuilder script =
        new ProcessBuilder(NodeProcess.REPO.resolve("scripts/build-node-images.sh").toString())
            .directory(NodeProcess.REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve("build.log").toFile());
    script.environment().put("NODE_IMAGE_TAG", tag);
    Process build = script.start();
    assertTrue(build.waitFor(5, TimeUnit.MINUTES), "the images were not built within 5 minutes");
    built = true;
    assertEquals(0, build.exitValue(), Files.readString(logs.resolve("build.log")));
    System.out.printf("node images built in %d s%n", (System.nanoTime() - start) / 1_000_000_000);

    int clusterPort = NodeProcess.freePort();
    int httpPort = NodeProcess.freePort();
    Map<String, String> cluster =
        Map.of(
            "AUTOGRADER_CLUSTER_HOSTNAME", "127.0.0.1",
            "AUTOGRADER_SEED_NODES", "pekko://autograder@127.0.0.1:" + clusterPort,
            "AUTOGRADER_TLS_DIR", "/etc/autograder/tls");
    String credentials = readableCopy(TestCredentials.cluster()) + ":/etc/autograder/tls:ro";

    Map<String, String> scheduler = new HashMap<>(cluster);
    scheduler.putAll(
        Map.of(
            "AUTOGRADER_CLUSTER_PORT", String.valueOf(clusterPort),
            "AUTOGRADER_HTTP_PORT", String.valueOf(httpPort),
            // The host's network: loopback only in a test.
            "AUTOGRADER_HTTP_INTERFACE", "127.0.0.1",
            // H2 inside the container: it goes with the container.
            "AUTOGRADER_DB_URL",
                "jdbc:h2:file:/var/lib/autograder/autograder;DATABASE_TO_UPPER=false",
            "AUTOGRADER_DB_USER", "sa",
            "AUTOGRADER_DB_PASSWORD", "",
            "AUTOGRADER_ADMIN_PASSWORD", NodeProcess.ADMIN_PASSWORD));
    String schedulerContainer = start("scheduler", scheduler, List.of(credentials));
    ApiClient api = TestCluster.admin("http://127.0.0.1:" + httpPort);
    api.awaitQueues(STARTING, flavour -> true, () -> running(schedulerContainer));

    Map<String, String> runner = new HashMap<>(cluster);
    runner.putAll(
        Map.of(
            "AUTOGRADER_CLUSTER_PORT",
            String.valueOf(NodeProcess.freePort()),
            "AUTOGRADER_FLAVOUR",
            "default",
            "AUTOGRADER_NODE_NAME",
            runnerName,
            "AUTOGRADER_RUNNER_SLOTS",
            "1"));
    String runnerContainer =
        start("runner", runner, List.of(dockerSocket() + ":/var/run/docker.sock", credentials));
    api.awaitQueues(
        STARTING,
        flavour -> flavour.path("runnerNodes").asInt() == 1,
        () -> running(runnerContainer));

    Path example = NodeProcess.REPO.resolve("examples/hello-c");
    var created = api.createAssignment(Files.readString(example.resolve("assignment.json")));
    assertEquals(201, created.status(), created.body().toString());
    Map<String, String> files = new LinkedHashMap<>();
    files.put("hello.c", Files.readString(example.resolve("hello.c")));
    var accepted = api.submit("hello-c", "ada", files);
    assertEquals(202, accepted.status(), accepted.body().toString());
    JsonNode graded = api.awaitGraded(accepted.body().path("id").asText(), Duration.ofSeconds(60));
    assertEquals("ACCEPTED", graded.path("result").path("verdict").asText(), graded.toString());
  }

  @AfterAll
  void removeContainersAndImages() throws Exception {
    if (!built) {
      return;
    }
    // Runner first: it leaves the cluster while the scheduler still answers.
    for (int i = containers.size() - 1; i >= 0; i--) {
      String container = containers.get(i);
      Files.writeString(logs.resolve(container + ".log"), TestCluster.docker("logs", container));
      TestCluster.docker("stop", "-t", "30", container);
      TestCluster.docker("rm", "-f", "-v", container);
    }
    TestCluster.docker("rmi", "autograder-scheduler:" + tag, "autograder-runner:" + tag);
    assertEquals(
        "",
        TestCluster.docker("ps", "-aq", "--filter", "label=autograder.test=" + id),
        "node containers left behind");
    assertEquals(
        "",
        TestCluster.docker("ps", "-aq", "--filter", "label=autograder.node=" + runnerName),
        "sandbox containers left behind");
    assertEquals(
        "",
        TestCluster.docker("volume", "ls", "-q", "--filter", "label=autograder.node=" + runnerName),
        "sandbox volumes left behind");
  }

  /**
   * The scheduler's image runs as user 10001, which cannot read this run's root-only key: the
   * containers get a copy that it can (test credentials only; production mounts them for its user).
   */
  private static Path readableCopy(Path tls) throws IOException {
    Path copy = Files.createTempDirectory("autograder-image-tls");
    for (String file : List.of("tls.key", "tls.crt", "ca.crt")) {
      Path target = copy.resolve(file);
      Files.copy(tls.resolve(file), target);
      Files.setPosixFilePermissions(
          target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
    Files.setPosixFilePermissions(
        copy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return copy;
  }
}
