package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.ContentHash;
import dev.autograder.client.ApiClient;
import dev.autograder.testing.TestCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Who may join the cluster and read its blobs, with real JVMs: only a node with the cluster's TLS
 * credentials becomes a member, and blobs travel over the cluster's transport only, never over the
 * API's HTTP.
 */
class ClusterSecurityTest {
  private static final Duration GRADING = Duration.ofSeconds(120);

  /** A refused node gives up joining soon, so its log shows the attempt ending within the test. */
  private static final String JOIN_LIMIT =
      "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes";

  private static final String REFUSED =
      "was unsuccessful after configured shutdown-after-unsuccessful-join-seed-nodes";

  private static byte[] zip(Map<String, String> files) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out)) {
      for (var f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  void onlyNodesWithTheClustersCredentialsJoinAndOnlyTheyReadBlobs() throws Exception {
    try (TestCluster cluster = new TestCluster("cluster-security", 1, Map.of())) {
      cluster.startScheduler(0);
      ApiClient api = cluster.api(0);
      api.awaitUp(Duration.ofSeconds(90), cluster.scheduler(0)::isAlive);

      Map<String, String> otherCa = new HashMap<>(Map.of(JOIN_LIMIT, "10s"));
      otherCa.put(
          "pekko.remote.artery.ssl.rotating-keys-engine.secret-mount-point",
          TestCredentials.make("other-ca").toString());
      NodeProcess impostor = cluster.startRunner("other-ca", 1, otherCa);
      NodeProcess plaintext =
          cluster.startRunner(
              "plain-tcp", 1, Map.of(JOIN_LIMIT, "10s", "pekko.remote.artery.transport", "tcp"));
      long start = System.nanoTime();
      cluster.startRunner("member", 1, Map.of());

      byte[] pkg =
          zip(
              Map.of(
                  "mean/problem.yaml",
                  "name: Mean\nvalidator_flags: float_tolerance 1e-6\n",
                  "mean/.timelimit",
                  "2\n",
                  "mean/data/secret/1.in",
                  "2 7\n",
                  "mean/data/secret/1.ans",
                  "4.5\n"));
      var created = api.upload(Map.of("format", "problem"), pkg, "mean", "Mean");
      assertEquals(201, created.status(), created.body().toString());
      var accepted =
          api.submit(
              "mean",
              "ada",
              Map.of("mean.py", "a, b = map(int, input().split())\nprint((a + b) / 2)\n"));
      assertEquals(202, accepted.status(), accepted.body().toString());
      // The member fetched the package and the submission from the scheduler node's blob server.
      JsonNode graded = api.awaitGraded(accepted.body().path("id").asText(), GRADING);
      long gradedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals("ACCEPTED", graded.path("result").path("verdict").asText(), graded.toString());
      assertEquals(
          "member", cluster.runnerOf(graded.path("attempts").get(0).path("runnerId").asText()));

      impostor.awaitLogged(REFUSED, Duration.ofSeconds(60));
      plaintext.awaitLogged(REFUSED, Duration.ofSeconds(60));
      String schedulerLog = cluster.scheduler(0).log();
      assertTrue(
          schedulerLog.contains("Node [" + cluster.runnerAddress("member") + "] is JOINING"),
          "the member joined");
      for (String refused : new String[] {"other-ca", "plain-tcp"}) {
        assertFalse(
            schedulerLog.contains(cluster.runnerAddress(refused) + "] is JOINING"),
            refused + " never joins");
        assertFalse(
            cluster.runner(refused).log().contains("Welcome from"), refused + " is never welcomed");
      }
      JsonNode queues = api.get("/api/v1/queues").body().path("flavours");
      for (JsonNode flavour : queues) {
        if (flavour.path("flavour").asText().equals("default")) {
          assertEquals(
              1, flavour.path("runnerNodes").asInt(), "only the member serves: " + flavour);
        }
      }

      // Blobs cross the cluster's TLS transport only: the API has no HTTP path to them.
      int overHttp = api.bytes("/internal/blobs/" + ContentHash.sha256(pkg), Map.of()).statusCode();
      assertEquals(404, overHttp, "the API serves no blob over HTTP");
      System.out.printf(
          "cluster security: the member joined, fetched its blobs over the cluster's transport and"
              + " graded in %d ms; the node with another CA and the plain-TCP node were refused (never joining, never"
              + " welcomed, not serving); GET /internal/blobs/HASH answered %d%n",
          gradedMillis, overHttp);
    }
  }
}
