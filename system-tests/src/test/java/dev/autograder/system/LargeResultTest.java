package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.client.ApiClient;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a submission whose result was over Artery's frame was dropped at every send, wedged its
 * slot for good, and stopped its flavour. With real JVMs: a Python program that writes 3,000
 * characters to stderr and exits 1 on an IO assignment with 250 tests ends RUNTIME_ERROR, its texts
 * cut with a note, and a correct submission behind it on the same single slot is graded (on a
 * one-test assignment of the same flavour, to keep the test's time to one large job).
 */
class LargeResultTest {
  private static final int TESTS = 250;

  /**
   * Each test's feedback is the end of stderr (2,000 characters), so the whole result is about 0.55
   * MB: the frame is set below that, as the tester's result was over the default 1 MiB. Everything
   * else the cluster sends stays far below 512 KiB.
   */
  private static final Map<String, String> SMALL_FRAME =
      Map.of(
          "pekko.remote.artery.advanced.maximum-frame-size", "512 KiB",
          "autograder.result-budget", "256 KiB");

  /**
   * 250 runs of a Python program in one sandbox, a few seconds on a quiet machine, with room for a
   * busy one.
   */
  private static final Duration GRADING = Duration.ofSeconds(240);

  @Test
  void aFailingSubmissionWithA250TestResultEndsAndTheFlavourGradesTheNextOne() throws Exception {
    try (TestCluster cluster = new TestCluster("large-result", 1, SMALL_FRAME)) {
      cluster.startScheduler(0);
      ApiClient api = cluster.api(0);
      api.awaitUp(Duration.ofSeconds(90), cluster.scheduler(0)::isAlive);
      NodeProcess runner = cluster.startRunner("r1", 1, Map.of());
      String tests =
          IntStream.rangeClosed(1, TESTS)
              .mapToObj(
                  i ->
                      "{\"name\": \"case "
                          + i
                          + "\", \"stdin\": \""
                          + i
                          + "\\n\", \"expectedStdout\": \""
                          + i
                          + "\\n\", \"points\": 1, \"timeLimitMillis\": 10000}")
              .collect(Collectors.joining(",\n"));
      var created =
          api.createAssignment(
              """
          {"id": "echo", "title": "Echo", "flavour": "default", "spec": {"language": "PYTHON", "tests": [%s]}}
          """
                  .formatted(tests));
      assertEquals(201, created.status(), created.body().toString());
      var hello =
          api.createAssignment(
              """
          {"id": "hello", "title": "Hello", "flavour": "default", "spec": {"language": "PYTHON", "tests": [
            {"name": "prints done", "expectedStdout": "done\\n", "points": 1, "timeLimitMillis": 10000}]}}
          """);
      assertEquals(201, hello.status(), hello.body().toString());

      long start = System.nanoTime();
      String crashing =
          submit(
              api,
              "echo",
              "import sys\nsys.stderr.write('Traceback: ' + 'x' * 2989)\nsys.exit(1)\n");
      String correct = submit(api, "hello", "print('done')\n");

      JsonNode failed = api.awaitGraded(crashing, GRADING);
      long failedSeconds = (System.nanoTime() - start) / 1_000_000_000;
      JsonNode result = failed.path("result");
      assertEquals(
          "RUNTIME_ERROR", result.path("verdict").asText(), result.path("output").asText());
      assertEquals(TESTS, result.path("tests").size(), "every test's verdict is kept");
      for (JsonNode t : result.path("tests")) {
        assertEquals("RUNTIME_ERROR", t.path("verdict").asText(), t.toString());
      }
      assertTrue(
          result
              .path("output")
              .asText()
              .startsWith("... feedback cut: the result was over 256 KiB"),
          result.path("output").asText());
      // log(), not output(): the log file of an earlier run of this test is kept and appended to.
      assertTrue(
          runner.log().contains("the result of submission " + crashing + " took"),
          "the runner cut the result");

      JsonNode accepted = api.awaitGraded(correct, GRADING);
      long acceptedSeconds = (System.nanoTime() - start) / 1_000_000_000;
      assertEquals(
          "ACCEPTED", accepted.path("result").path("verdict").asText(), accepted.toString());
      String cut =
          runner
              .log()
              .lines()
              .filter(l -> l.contains("the result of submission " + crashing))
              .findFirst()
              .orElseThrow();
      System.out.printf(
          "large result: RUNTIME_ERROR after %d s, the next submission ACCEPTED after %d s; %s%n",
          failedSeconds, acceptedSeconds, cut.substring(cut.indexOf("the result of")));
    }
  }

  private static String submit(ApiClient api, String assignment, String source) throws Exception {
    var accepted = api.submit(assignment, "ada", Map.of("main.py", source));
    assertEquals(202, accepted.status(), accepted.body().toString());
    return accepted.body().path("id").asText();
  }
}
