package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autograder.client.ApiClient;
import dev.autograder.flavour.Flavour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two course flavours of conf/flavours.conf graded side by side, each on a runner node of its own:
 * every job of a flavour is graded by that flavour's node, and a submission that prints the limits
 * it sees in its own container (the cgroup's memory, CPU quota and process limit) prints that
 * flavour's configured ones, which its test expects exactly.
 */
class FlavoursSideBySideTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two small flavours of different shapes; systems' 2 CPUs fit the 2-core test machine. */
  private static final List<String> FLAVOURS = List.of("ds-small", "systems");

  private static final int SUBMISSIONS_PER_FLAVOUR = 2;
  private static final Duration GRADING = Duration.ofSeconds(120);

  /** Reads cgroup v2 files, or v1's where the host has those, and prints the limits normalised. */
  private static final String PRINTS_ITS_LIMITS =
      """
      def first(*paths):
          for path in paths:
              try:
                  with open(path) as f:
                      return f.read().split()
              except OSError:
                  pass
          raise SystemExit('none of ' + ', '.join(paths))

      memory = first('/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes')[0]
      try:
          quota, period = first('/sys/fs/cgroup/cpu.max')
      except SystemExit:
          quota = first('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')[0]
          period = first('/sys/fs/cgroup/cpu/cpu.cfs_period_us')[0]
      pids = first('/sys/fs/cgroup/pids.max', '/sys/fs/cgroup/pids/pids.max')[0]
      print('memory', memory)
      print('cpus', int(quota) / int(period))
      print('pids', pids)
      """;

  @Test
  void twoFlavoursAreGradedSideBySideEachOnItsOwnRunnerWithinItsOwnLimits() throws Exception {
    Map<String, Flavour> configured = NodeProcess.flavours().all();
    try (TestCluster cluster = new TestCluster("flavours-side-by-side", 1, Map.of())) {
      cluster.startScheduler(0);
      ApiClient api = cluster.api(0);
      api.awaitUp(Duration.ofSeconds(90), cluster.scheduler(0)::isAlive);
      for (String flavour : FLAVOURS) {
        cluster.startRunner(flavour, 1, Map.of("autograder.runner.flavour", flavour));
      }

      long start = System.nanoTime();
      Map<String, List<String>> submitted = new LinkedHashMap<>();
      for (String flavour : FLAVOURS) {
        var created = api.createAssignment(assignment(configured.get(flavour)).toString());
        assertEquals(201, created.status(), created.body().toString());
      }
      // Interleaved, so that both queues hold work at once.
      for (int i = 0; i < SUBMISSIONS_PER_FLAVOUR; i++) {
        for (String flavour : FLAVOURS) {
          var accepted =
              api.submit("limits-" + flavour, "ada", Map.of("main.py", PRINTS_ITS_LIMITS));
          assertEquals(202, accepted.status(), accepted.body().toString());
          submitted
              .computeIfAbsent(flavour, f -> new ArrayList<>())
              .add(accepted.body().path("id").asText());
        }
      }

      for (var entry : submitted.entrySet()) {
        for (String id : entry.getValue()) {
          JsonNode graded = api.awaitGraded(id, GRADING);
          JsonNode result = graded.path("result");
          assertEquals(
              "ACCEPTED",
              result.path("verdict").asText(),
              entry.getKey()
                  + ": the limits seen inside the container are the flavour's: "
                  + result);
          for (JsonNode attempt : graded.path("attempts")) {
            assertEquals(
                entry.getKey(),
                cluster.runnerOf(attempt.path("runnerId").asText()),
                "a "
                    + entry.getKey()
                    + " job is graded by that flavour's runner only: "
                    + graded.path("attempts"));
          }
        }
      }
      System.out.printf(
          "flavours side by side: %d submissions of %s graded in %d ms%n",
          SUBMISSIONS_PER_FLAVOUR * FLAVOURS.size(),
          FLAVOURS,
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** A one-test assignment of the flavour whose test expects the flavour's own limits. */
  private static ObjectNode assignment(Flavour flavour) {
    ObjectNode a = JSON.createObjectNode();
    a.put("id", "limits-" + flavour.name());
    a.put("title", "Limits of " + flavour.name());
    a.put("flavour", flavour.name());
    ObjectNode spec = a.putObject("spec");
    spec.put("language", "PYTHON");
    ArrayNode tests = spec.putArray("tests");
    ObjectNode test = tests.addObject();
    test.put("name", "sees its flavour's limits");
    test.put(
        "expectedStdout",
        "memory "
            + flavour.memoryBytes()
            + "\ncpus "
            + flavour.cpus()
            + "\npids "
            + flavour.pids()
            + "\n");
    test.put("points", 1);
    test.put("timeLimitMillis", 5000);
    return a;
  }
}
