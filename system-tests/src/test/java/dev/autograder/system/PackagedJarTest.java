package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.autograder.client.ApiClient;
import dev.autograder.testing.RequiredService;
import dev.autograder.testing.TestCredentials;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged fat jars as an operator gets them: one merged reference.conf with every library's
 * keys, and {@code java -jar} with only a production file from conf/ and environment variables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedJarTest {
  private static final String SCHEDULER_JAR = "scheduler-node/target/scheduler-node.jar";
  private static final String RUNNER_JAR = "runner-node/target/runner-node.jar";
  private static final Duration STARTING = Duration.ofSeconds(90);

  private final Path logs = Path.of("target", "system-test-logs", "packaged-jars");
  private final String runnerName = "jar-" + UUID.randomUUID().toString().substring(0, 8);
  private final int clusterPort;
  private final int httpPort;
  private final ApiClient api;

  /** What every node of the cluster is given. */
  private final Map<String, String> cluster;

  private NodeProcess scheduler;
  private NodeProcess runner;

  PackagedJarTest() throws IOException {
    clusterPort = NodeProcess.freePort();
    httpPort = NodeProcess.freePort();
    api = TestCluster.admin("http://127.0.0.1:" + httpPort);
    cluster =
        Map.of(
            "AUTOGRADER_CLUSTER_HOSTNAME",
            "127.0.0.1",
            "AUTOGRADER_SEED_NODES",
            "pekko://autograder@127.0.0.1:" + clusterPort,
            "AUTOGRADER_TLS_DIR",
            TestCredentials.cluster().toString());
  }

  /**
   * The jar's reference.conf as Pekko reads it (from the jar alone, with its includes), after
   * checking its layers.
   */
  private static Config reference(String jar, String... layers) throws IOException {
    URL url = NodeProcess.REPO.resolve(jar).toUri().toURL();
    try (URLClassLoader onlyTheJar = new URLClassLoader(new URL[] {url}, null)) {
      assertEquals(
          1,
          Collections.list(onlyTheJar.getResources("reference.conf")).size(),
          jar + " must hold one merged reference.conf");
      for (String layer : layers) {
        assertNotNull(onlyTheJar.getResource(layer), jar + " lacks " + layer);
      }
      return ConfigFactory.parseResources(onlyTheJar, "reference.conf").resolve();
    }
  }

  /** One key of each library (by name) must be in the merged reference.conf. */
  private static void assertKeys(String jar, Config reference, Map<String, String> keyByLibrary) {
    keyByLibrary.forEach(
        (library, key) ->
            assertTrue(
                reference.hasPath(key),
                jar + ": the merged reference.conf lacks " + library + "'s " + key));
  }

  @Test
  @Order(1)
  void eachJarMergesTheReferenceConfOfEveryLibraryAndOurOwn() throws IOException {
    Map<String, String> everyNode =
        Map.of(
            "pekko-actor", "pekko.actor.default-dispatcher.type",
            "pekko-remote", "pekko.remote.artery.advanced.maximum-frame-size",
            "pekko-cluster", "pekko.cluster.split-brain-resolver.active-strategy",
            "pekko-cluster-sharding (compared when a node joins)",
                "pekko.cluster.sharding.number-of-shards",
            "pekko-serialization-jackson", "pekko.serialization.jackson.jackson-modules",
            "core", "autograder.cluster.seed-nodes");
    Config scheduler =
        reference(
            SCHEDULER_JAR,
            "autograder-core.conf",
            "autograder-scheduler.conf",
            "autograder-http.conf",
            "logback.xml");
    assertKeys(SCHEDULER_JAR, scheduler, everyNode);
    assertKeys(
        SCHEDULER_JAR,
        scheduler,
        Map.of(
            "pekko-persistence", "pekko.persistence.journal.auto-start-journals",
            "pekko-persistence-jdbc", "jdbc-journal.class",
            "pekko-persistence-jdbc (query)", "jdbc-read-journal.class",
            "pekko-projection-jdbc", "pekko.projection.jdbc.offset-store.table",
            "pekko-http", "pekko.http.server.request-timeout",
            "pekko-http (its included version)", "pekko.http.server.server-header",
            "http-api", "autograder.http.public-url",
            "scheduler-node", "autograder.scheduler.lease-ttl"));
    Config runner =
        reference(RUNNER_JAR, "autograder-core.conf", "autograder-runner.conf", "logback.xml");
    assertKeys(RUNNER_JAR, runner, everyNode);
    assertKeys(RUNNER_JAR, runner, Map.of("runner-node", "autograder.runner.slots"));
    assertFalse(runner.hasPath("autograder.database"), "the runner jar carries no scheduler code");
  }

  /** What the scheduler node needs, and nothing else; a H2 database in a fresh folder. */
  private Map<String, String> schedulerEnvironment() throws IOException {
    Path data = Files.createTempDirectory("autograder-jar");
    Map<String, String> env = new HashMap<>(cluster);
    env.putAll(
        Map.of(
            "AUTOGRADER_CLUSTER_PORT",
            String.valueOf(clusterPort),
            "AUTOGRADER_HTTP_PORT",
            String.valueOf(httpPort),
            // Loopback only: the production default listens on every interface.
            "AUTOGRADER_HTTP_INTERFACE",
            "127.0.0.1",
            "AUTOGRADER_DB_URL",
            "jdbc:h2:file:" + data + "/autograder;DATABASE_TO_UPPER=false",
            "AUTOGRADER_DB_USER",
            "sa",
            "AUTOGRADER_DB_PASSWORD",
            "",
            "AUTOGRADER_ADMIN_PASSWORD",
            NodeProcess.ADMIN_PASSWORD));
    return env;
  }

  @Test
  @Order(2)
  void aMissingRequiredVariableStopsTheNodeWithItsName() throws Exception {
    Map<String, String> env = schedulerEnvironment();
    env.remove("AUTOGRADER_CLUSTER_HOSTNAME");
    NodeProcess node =
        NodeProcess.fromEnvironment(
            "scheduler-without-address",
            SCHEDULER_JAR,
            "conf/production-scheduler.conf",
            logs,
            env);
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the node did not stop");
    assertTrue(node.exitValue() != 0);
    assertTrue(node.output().contains("${AUTOGRADER_CLUSTER_HOSTNAME}"), node.output());
  }

  @Test
  @Order(3)
  void theSchedulerJarStartsFromAConfFileAndEnvironmentVariables() throws Exception {
    scheduler =
        NodeProcess.fromEnvironment(
            "scheduler",
            SCHEDULER_JAR,
            "conf/production-scheduler.conf",
            logs,
            schedulerEnvironment());
    JsonNode queues = api.awaitQueues(STARTING, flavour -> true, scheduler::isAlive);
    assertEquals(
        "default", queues.path("flavours").get(0).path("flavour").asText(), queues.toString());
    // The Nomad autoscaler's queries read these series through Prometheus.
    String metrics = api.text("/metrics");
    assertFalse(NomadJobs.metrics().isEmpty());
    for (String series : NomadJobs.metrics()) {
      assertTrue(
          metrics.contains(series + "{flavour=\"default\"}"),
          series + " is missing from /metrics:\n" + metrics);
    }
  }

  @Test
  @Order(4)
  void theRunnerJarStartsFromAConfFileAndEnvironmentVariablesAndJoins() throws Exception {
    RequiredService.require("the Docker engine", TestCluster::dockerAnswers);
    RequiredService.require(
        "the grading image (scripts/build-grading-image.sh)",
        () -> TestCluster.dockerSucceeds("image", "inspect", "autograder-grading:latest"));
    Map<String, String> env = new HashMap<>(cluster);
    env.putAll(
        Map.of(
            "AUTOGRADER_CLUSTER_PORT",
            String.valueOf(NodeProcess.freePort()),
            "AUTOGRADER_FLAVOUR",
            "default",
            "AUTOGRADER_NODE_NAME",
            runnerName,
            "AUTOGRADER_RUNNER_SLOTS",
            "2"));
    runner =
        NodeProcess.fromEnvironment("runner", RUNNER_JAR, "conf/production-runner.conf", logs, env);
    JsonNode flavour =
        api.awaitQueues(STARTING, f -> f.path("runnerNodes").asInt() == 1, runner::isAlive)
            .path("flavours")
            .get(0);
    assertEquals(2, flavour.path("slots").asInt(), flavour.toString());
  }

  @AfterAll
  void stopNodes() throws Exception {
    if (runner != null) {
      runner.stop();
      assertEquals(
          "",
          TestCluster.docker("ps", "-aq", "--filter", "label=autograder.node=" + runnerName),
          "containers left behind");
    }
    if (scheduler != null) {
      scheduler.stop();
    }
  }
}
