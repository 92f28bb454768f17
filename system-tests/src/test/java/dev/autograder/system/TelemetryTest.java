package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autograder.client.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's telemetry on a real cluster: /metrics counts exactly the jobs graded, by verdict,
 * and a runner node that reports itself unhealthy (here: it requires more free disk than any
 * machine has) is marked so and gets no job, while a healthy one grades them all. The alert rules
 * under nomad/prometheus use only series /metrics exports.
 */
class TelemetryTest {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration GRADING = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theMetricsCountExactlyTheJobsGradedAndAnUnhealthyRunnerNodeGetsNone() throws Exception {
    Path data =
        Files.createTempDirectory(Files.createDirectories(Path.of("target", "telemetry")), "h2-")
            .toAbsolutePath();
    try (TestCluster cluster = TestCluster.onH2("telemetry", data, Map.of())) {
      ApiClient api = cluster.api(0);
      api.awaitUp(START, cluster.startScheduler(0)::isAlive);
      cluster.startRunner("healthy", 2, Map.of());
      cluster.startRunner(
          "full", 2, Map.of("autograder.runner.health.min-disk-free", "1000000 TiB"));
      JsonNode nodes = awaitNodes(api, cluster);
      String problem = nodes.path(cluster.runnerAddress("full")).path("problem").asText();
      assertTrue(problem.contains("of disk free"), nodes.toString());

      var created =
          api.createAssignment(
              """
          {"id": "counted", "title": "counted", "flavour": "default", "spec": {"language": "PYTHON", "tests": [
            {"name": "greets", "stdin": "Ada\\n", "expectedStdout": "Hello, Ada!\\n", "points": 1,
             "timeLimitMillis": 20000}]}}
          """);
      assertEquals(201, created.status(), created.body().toString());
      List<String> verdicts =
          List.of(
              "ACCEPTED",
              "ACCEPTED",
              "ACCEPTED",
              "ACCEPTED",
              "WRONG_ANSWER",
              "WRONG_ANSWER",
              "RUNTIME_ERROR");
      Map<String, String> expected = new LinkedHashMap<>();
      for (String verdict : verdicts) {
        String source =
            switch (verdict) {
              case "ACCEPTED" -> "print(f'Hello, {input()}!')\n";
              case "WRONG_ANSWER" -> "print('Hi')\n";
              default -> "raise SystemExit(3)\n";
            };
        var accepted =
            api.submit(
                "counted",
                "student-" + UUID.randomUUID().toString().substring(0, 6),
                Map.of("main.py", source));
        assertEquals(202, accepted.status(), accepted.body().toString());
        expected.put(accepted.body().path("id").asText(), verdict);
      }
      for (var e : expected.entrySet()) {
        JsonNode graded = api.awaitGraded(e.getKey(), GRADING);
        assertEquals(
            e.getValue(), graded.path("result").path("verdict").asText(), graded.toString());
        for (JsonNode attempt : graded.path("attempts")) {
          assertEquals(
              "healthy",
              cluster.runnerOf(attempt.path("runnerId").asText()),
              "the unhealthy node got a job: " + graded.path("attempts"));
        }
      }

      String metrics = api.text("/metrics");
      assertEquals(
          7,
          value(
              metrics,
              "autograder_submissions_received_total{flavour=\"default\",priority=\"interactive\"}"));
      assertEquals(
          4,
          value(
              metrics,
              "autograder_jobs_completed_total{flavour=\"default\",verdict=\"ACCEPTED\"}"));
      assertEquals(
          2,
          value(
              metrics,
              "autograder_jobs_completed_total{flavour=\"default\",verdict=\"WRONG_ANSWER\"}"));
      assertEquals(
          1,
          value(
              metrics,
              "autograder_jobs_completed_total{flavour=\"default\",verdict=\"RUNTIME_ERROR\"}"));
      assertEquals(7, value(metrics, "autograder_queue_wait_seconds_count{flavour=\"default\"}"));
      assertEquals(
          7,
          value(metrics, "autograder_queue_wait_seconds_bucket{flavour=\"default\",le=\"+Inf\"}"));
      assertEquals(7, value(metrics, "autograder_job_seconds_count{flavour=\"default\"}"));
      String full = cluster.runnerAddress("full");
      assertTrue(
          metrics
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("autograder_node_healthy{")
                          && l.contains(full)
                          && l.endsWith(" 0.0")),
          metrics);
      assertTrue(
          metrics
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("autograder_node_healthy{")
                          && l.contains(cluster.runnerAddress("healthy"))
                          && l.endsWith(" 1.0")),
          metrics);
      // Each job had a container of its own created; the node reports its engine's call times every
      // 5 s.
      String healthy = cluster.runnerAddress("healthy");
      Instant reportedBy = Instant.now().plusSeconds(30);
      long creates;
      while ((creates = engineCalls(api.text("/metrics"), healthy, "create")) < verdicts.size()) {
        assertTrue(
            Instant.now().isBefore(reportedBy),
            "the healthy node reported "
                + creates
                + " container"
                + " creations for "
                + verdicts.size()
                + " jobs:\n"
                + api.text("/metrics"));
        Thread.sleep(500);
      }
      // The alert rules operators load speak only of series /metrics has.
      String rules =
          Files.readString(NodeProcess.REPO.resolve("nomad/prometheus/autograder-alerts.yml"));
      Matcher names = Pattern.compile("autograder_[a-z_]+").matcher(rules);
      while (names.find()) {
        String name = names.group();
        String family = name.replaceFirst("_(bucket|sum|count)$", "");
        assertTrue(
            metrics.contains("# TYPE " + name + " ")
                || metrics.contains("# TYPE " + family + " histogram"),
            "the alert rules use " + name + ", which /metrics does not export");
      }
    }
  }

  /** Waits until both runner nodes have reported their health; answers the nodes by address. */
  private static JsonNode awaitNodes(ApiClient api, TestCluster cluster) throws Exception {
    Instant deadline = Instant.now().plus(START);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer a = api.get("/api/v1/telemetry");
      last = a.status() + " " + a.body();
      if (a.status() == 200) {
        ObjectNode byAddress = JSON.createObjectNode();
        for (JsonNode n : a.body().path("nodes")) {
          byAddress.set(n.path("health").path("address").asText(), n);
        }
        JsonNode healthy = byAddress.path(cluster.runnerAddress("healthy"));
        JsonNode full = byAddress.path(cluster.runnerAddress("full"));
        if (healthy.path("healthy").asBoolean()
            && full.has("healthy")
            && !full.path("healthy").asBoolean()) {
          return byAddress;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the runner nodes did not report their health within " + START + ": " + last);
  }

  /** The value of one series in the Prometheus text. */
  /** How many calls of one kind the node at {@code address} says it made to its Docker engine. */
  private static long engineCalls(String metrics, String address, String call) {
    return metrics
        .lines()
        .filter(
            l ->
                l.startsWith("autograder_node_engine_call_seconds_count{")
                    && l.contains("address=\"" + address + "\"")
                    && l.contains("call=\"" + call + "\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static long value(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .findFirst()
        .map(l -> (long) Double.parseDouble(l.substring(series.length() + 1)))
        .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + metrics));
  }
}
