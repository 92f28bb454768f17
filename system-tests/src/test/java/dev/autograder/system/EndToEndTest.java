package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.client.ApiClient;
import dev.autograder.testing.RequiredService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as deployed: the packaged scheduler node and runner node in JVMs of their own,
 * joined into a Pekko cluster on loopback, grading in the real Docker engine, used over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  private static final Duration GRADING = Duration.ofSeconds(120);

  private final String runnerName = "e2e-" + UUID.randomUUID();
  private final Map<String, String> schedulerProperties = new HashMap<>();
  private Path logs;
  private NodeProcess scheduler;
  private NodeProcess runner;
  private ApiClient api;

  /** An accepted submission from the first test, for the restart test. */
  private JsonNode gradedBeforeRestart;

  @BeforeAll
  void startCluster() throws Exception {
    RequiredService.require("the Docker engine", TestCluster::dockerAnswers);
    logs = Path.of("target", "system-test-logs");
    Path data = Files.createTempDirectory("autograder-e2e");
    int clusterPort = NodeProcess.freePort();
    int httpPort = NodeProcess.freePort();
    String seed = "pekko://autograder@127.0.0.1:" + clusterPort;
    schedulerProperties.putAll(
        Map.of(
            "pekko.remote.artery.canonical.port", String.valueOf(clusterPort),
            "pekko.cluster.seed-nodes.0", seed,
            "autograder.http.port", String.valueOf(httpPort),
            "autograder.data-dir", data.toString()));
    scheduler = NodeProcess.scheduler("scheduler", logs, schedulerProperties);
    api = TestCluster.admin("http://127.0.0.1:" + httpPort);
    api.awaitUp(Duration.ofSeconds(90), scheduler::isAlive);
    runner =
        NodeProcess.runner(
            "runner",
            logs,
            Map.of(
                "pekko.remote.artery.canonical.port",
                String.valueOf(NodeProcess.freePort()),
                "pekko.cluster.seed-nodes.0",
                seed,
                "autograder.runner.node-name",
                runnerName,
                "autograder.runner.slots",
                "2",
                "autograder.runner.alone-timeout",
                "5s"));
  }

  @AfterAll
  void stopClusterAndLeaveNothingBehind() throws Exception {
    if (runner != null) {
      runner.stop();
    }
    if (scheduler != null) {
      scheduler.stop();
    }
    if (runner != null) {
      assertEquals(
          "",
          TestCluster.docker("ps", "-aq", "--filter", "label=autograder.node=" + runnerName),
          "containers left behind");
      assertEquals(
          "",
          TestCluster.docker(
              "volume", "ls", "-q", "--filter", "label=autograder.node=" + runnerName),
          "volumes left behind");
    }
  }

  private static final Map<String, String[]> HELLO = new LinkedHashMap<>();

  static {
    HELLO.put(
        "JAVA",
        new String[] {
          "Main.java",
          """
        import java.util.Scanner;
        public class Main {
          public static void main(String[] args) {
            System.out.println("Hello, " + new Scanner(System.in).nextLine() + "!");
          }
        }
        """
        });
    HELLO.put("PYTHON", new String[] {"main.py", "print(f'Hello, {input()}!')\n"});
    HELLO.put(
        "C",
        new String[] {
          "hello.c",
          "#include <stdio.h>\nint main(void) { char n[64]; scanf(\"%63s\", n); printf(\"Hello, %s!\\n\", n); return 0; }\n"
        });
    HELLO.put(
        "CPP",
        new String[] {
          "hello.cpp",
          "#include <iostream>\n#include <string>\nint main() { std::string n; std::cin >> n; std::cout << \"Hello, \" << n << \"!\\n\"; }\n"
        });
  }

  private void createHelloAssignment(String id, String language, long timeLimitMillis)
      throws Exception {
    String spec =
        """
        {"id": "%s", "title": "Hello in %s", "spec": {"language": "%s", "tests": [
          {"name": "greets Ada", "stdin": "Ada\\n", "expectedStdout": "Hello, Ada!\\n", "points": 1, "timeLimitMillis": %d},
          {"name": "greets Grace", "stdin": "Grace\\n", "expectedStdout": "Hello, Grace!\\n", "points": 1,
           "comparison": "WHITESPACE", "visibility": "HIDDEN", "timeLimitMillis": %d}]}}
        """
            .formatted(id, language, language, timeLimitMillis, timeLimitMillis);
    var created = api.createAssignment(spec);
    assertEquals(201, created.status(), created.body().toString());
  }

  private String submit(String assignment, String file, String source) throws Exception {
    var accepted =
        api.submit(
            assignment,
            "student-" + UUID.randomUUID().toString().substring(0, 6),
            Map.of(file, source));
    assertEquals(202, accepted.status(), accepted.body().toString());
    assertEquals("QUEUED", accepted.body().path("status").asText());
    return accepted.body().path("id").asText();
  }

  @Test
  @Order(1)
  void aHelloWorldInEachLanguageIsAccepted() throws Exception {
    // The first grading waits for the runner node to join; the timed ones below must not.
    createHelloAssignment("warm-up", "C", 0);
    api.awaitGraded(submit("warm-up", HELLO.get("C")[0], HELLO.get("C")[1]), GRADING);
    StringBuilder table =
        new StringBuilder("submit-to-result, one runner node (2 slots), one job at a time:\n");
    for (var hello : HELLO.entrySet()) {
      String language = hello.getKey();
      String assignment = "hello-" + language.toLowerCase();
      createHelloAssignment(assignment, language, 0);
      long start = System.nanoTime();
      String id = submit(assignment, hello.getValue()[0], hello.getValue()[1]);
      JsonNode graded = api.awaitGraded(id, GRADING);
      long millis = (System.nanoTime() - start) / 1_000_000;
      JsonNode result = graded.path("result");
      assertEquals("ACCEPTED", result.path("verdict").asText(), graded.toString());
      assertEquals(2.0, result.path("score").asDouble());
      assertEquals(1, graded.path("attempt").asInt());
      table.append(String.format("  %-7s %6d ms%n", language, millis));
      gradedBeforeRestart = graded;
    }
    System.out.print(table);
  }

  @Test
  @Order(2)
  void wrongBrokenEndlessAndGreedyProgramsGetTheirVerdicts() throws Exception {
    createHelloAssignment("verdicts-python", "PYTHON", 2000);
    createHelloAssignment("verdicts-c", "C", 10000);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(
        submit("verdicts-python", "main.py", "print(f'Hi, {input()}!')\n"), "WRONG_ANSWER");
    expected.put(submit("verdicts-c", "hello.c", "int main(void) { return 0 }\n"), "COMPILE_ERROR");
    expected.put(submit("verdicts-python", "main.py", "while True:\n    pass\n"), "TIME_LIMIT");
    expected.put(
        submit(
            "verdicts-c",
            "hog.c",
            """
        #include <stdlib.h>
        #include <string.h>
        int main(void) { for (;;) { char *p = malloc(1 << 24); memset(p, 1, 1 << 24); } }
        """),
        "MEMORY_LIMIT");
    for (var e : expected.entrySet()) {
      JsonNode result = api.awaitGraded(e.getKey(), GRADING).path("result");
      assertEquals(e.getValue(), result.path("verdict").asText(), result.toString());
      assertEquals(0.0, result.path("score").asDouble());
      switch (e.getValue()) {
        case "COMPILE_ERROR" ->
            assertTrue(result.path("compileOutput").asText().contains("error"), result.toString());
        case "TIME_LIMIT" ->
            assertTrue(
                result.path("tests").get(0).path("wallMillis").asLong() >= 2000, result.toString());
        case "WRONG_ANSWER" ->
            assertTrue(result.path("tests").get(0).path("feedback").asText().contains("expected"));
        default -> {}
      }
    }
  }

  @Test
  @Order(3)
  void requestsTheClusterCannotServeAreRefusedClearly() throws Exception {
    var unknown = api.submit("no-such-assignment", "ada", Map.of("main.py", "print(1)\n"));
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.body().path("error").path("code").asText());
    var flavour =
        api.createAssignment(
            "{\"title\": \"t\", \"flavour\": \"huge\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\"}]}}");
    assertEquals(400, flavour.status());
    assertEquals("unknown_flavour", flavour.body().path("error").path("code").asText());
    var again =
        api.createAssignment(
            "{\"id\": \"hello-c\", \"title\": \"t\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\"}]}}");
    assertEquals(409, again.status());
    assertEquals(
        "Hello in C",
        api.get("/api/v1/assignments/hello-c").body().path("title").asText(),
        "the original is untouched");
    assertEquals(404, api.get("/api/v1/submissions/" + UUID.randomUUID()).status());
  }

  static byte[] zip(Map<String, String> files) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(out)) {
      for (var f : files.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  @Order(4)
  void aKattisPackageUploadedOverHttpGradesSubmissions() throws Exception {
    byte[] pkg =
        zip(
            Map.of(
                "mean/problem.yaml",
                "name: Mean\nvalidator_flags: float_tolerance 1e-6\n",
                "mean/.timelimit",
                "2\n",
                "mean/data/sample/1.in",
                "1 2\n",
                "mean/data/sample/1.ans",
                "1.5\n",
                "mean/data/secret/1.in",
                "1 1\n",
                "mean/data/secret/1.ans",
                "1\n",
                "mean/data/secret/2.in",
                "2 7\n",
                "mean/data/secret/2.ans",
                "4.5\n"));
    var created = api.upload(Map.of("format", "problem"), pkg, "mean", "Mean");
    assertEquals(201, created.status(), created.body().toString());
    JsonNode setup = api.get("/api/v1/assignments/mean").body().path("setup");
    assertEquals("READY", setup.path("status").asText(), setup.toString());
    assertEquals(
        2000, setup.path("timeLimitMillis").asLong(), "the package's time limit, shown to staff");
    JsonNode right =
        api.awaitGraded(
                submit(
                    "mean",
                    "mean.py",
                    "a, b = map(int, input().split())\nprint(f'{(a + b) / 2:.9f}')\n"),
                GRADING)
            .path("result");
    assertEquals("ACCEPTED", right.path("verdict").asText(), right.toString());
    assertEquals(2.0, right.path("score").asDouble());
    JsonNode wrong =
        api.awaitGraded(
                submit(
                    "mean",
                    "mean.cpp",
                    "#include <cstdio>\nint main() { int a, b; std::scanf(\"%d %d\", &a, &b); std::printf(\"%d\\n\", (a + b) / 2); }\n"),
                GRADING)
            .path("result");
    assertEquals("WRONG_ANSWER", wrong.path("verdict").asText(), wrong.toString());
    assertEquals(
        1.0, wrong.path("score").asDouble(), "integer division is right only for the even sum");
  }

  @Test
  @Order(4)
  void aScoringPackageShowsEachSubtasksScoreAndABrokenOneIsRefusedAtUpload() throws Exception {
    Map<String, String> files =
        new HashMap<>(
            Map.of(
                "sums/problem.yaml",
                "name: Sums\ntype: scoring\n",
                "sums/.timelimit",
                "2\n",
                "sums/data/testdata.yaml",
                "on_reject: continue\nrange: 0 10\ngrader_flags: ignore_sample\n",
                "sums/data/secret/1-small/testdata.yaml",
                "accept_score: 4\ngrader_flags: min\n",
                "sums/data/secret/1-small/1.in",
                "1 2\n",
                "sums/data/secret/1-small/1.ans",
                "3\n",
                "sums/data/secret/2-big/testdata.yaml",
                "accept_score: 6\ngrader_flags: min\n",
                "sums/data/secret/2-big/1.in",
                "1000 2000\n",
                "sums/data/secret/2-big/1.ans",
                "3000\n"));
    Map<String, String> broken = new HashMap<>(files);
    broken.put("sums/data/secret/2-big/testdata.yaml", "grader_flags: min best\n");
    var refused = api.upload(Map.of("format", "problem"), zip(broken), "sums-broken", "Sums");
    assertEquals(400, refused.status(), refused.body().toString());
    assertTrue(
        refused.body().toString().contains("data/secret/2-big/testdata.yaml"),
        refused.body().toString());

    var created = api.upload(Map.of("format", "problem"), zip(files), "sums", "Sums");
    assertEquals(201, created.status(), created.body().toString());
    JsonNode partial =
        api.awaitGraded(
            submit(
                "sums",
                "sums.py",
                "a, b = map(int, input().split())\nprint(a + b if a < 1000 else 0)\n"),
            GRADING);
    assertEquals(4.0, partial.path("score").asDouble(), partial.toString());
    assertEquals(10.0, partial.path("maxScore").asDouble(), partial.toString());
    JsonNode groups = partial.path("result").path("groups");
    assertEquals(
        List.of("secret", "secret/1-small", "secret/2-big"),
        java.util.stream.StreamSupport.stream(groups.spliterator(), false)
            .map(g -> g.path("path").asText())
            .toList(),
        partial.toString());
    assertEquals(6.0, groups.get(2).path("maxScore").asDouble());
    assertEquals("WRONG_ANSWER", groups.get(2).path("verdict").asText());
  }

  @Test
  @Order(5)
  void aGradescopeAutograderUploadedOverHttpGradesSubmissions() throws Exception {
    String runAutograder =
        """
        #!/usr/bin/env bash
        cd /autograder/submission
        if [ "$(python3 answer.py)" = "$(cat /autograder/source/expected.txt)" ]; then s=5; st=passed; else s=0; st=failed; fi
        for=$(python3 -c 'import json; m = json.load(open("/autograder/submission_metadata.json")); print(m["assignment"]["title"] + "/" + m["users"][0]["id"])')
        cat > /autograder/results/results.json <<JSON
        {"output": "graded by a script", "tests": [{"name": "answer", "score": $s, "max_score": 5, "status": "$st",
          "output": "checked answer.py for $for", "visibility": "visible"}], "stdout_visibility": "hidden"}
        JSON
        """;
    byte[] archive =
        zip(
            Map.of(
                "setup.sh",
                "echo built > /autograder/source/built.txt\n",
                "run_autograder",
                runAutograder,
                "expected.txt",
                "42\n"));
    var created =
        api.upload(Map.of("format", "script", "maxScore", "5"), archive, "gradescope", "Answer");
    assertEquals(201, created.status(), created.body().toString());
    String rightId = submit("gradescope", "answer.py", "print(6 * 7)\n");
    JsonNode right = api.awaitGraded(rightId, GRADING).path("result");
    assertEquals("ACCEPTED", right.path("verdict").asText(), right.toString());
    assertEquals(5.0, right.path("score").asDouble());
    assertEquals("graded by a script", right.path("output").asText());
    assertTrue(
        right
            .path("tests")
            .path(0)
            .path("feedback")
            .asText()
            .startsWith("checked answer.py for Answer/student-"),
        "submission_metadata.json names the assignment and the student: " + right);
    var regrade = api.postJson("/api/v1/submissions/" + rightId + "/regrade", "{}");
    assertEquals(202, regrade.status(), regrade.body().toString());
    JsonNode regraded = api.awaitGraded(rightId, GRADING);
    assertEquals(2, regraded.path("round").asInt(), regraded.toString());
    assertTrue(
        regraded
            .path("result")
            .path("tests")
            .path(0)
            .path("feedback")
            .asText()
            .startsWith("checked answer.py for Answer/student-"),
        "a regrade's submission_metadata.json names them too: " + regraded);
    JsonNode wrong =
        api.awaitGraded(submit("gradescope", "answer.py", "print(41)\n"), GRADING).path("result");
    assertEquals("WRONG_ANSWER", wrong.path("verdict").asText(), wrong.toString());
  }

  @Test
  @Order(6)
  void aSetupShThatFailsFailsAtUploadWithItsLogIsNeverRunAgainAndRefusesSubmissions()
      throws Exception {
    String marker = "setup-broke-" + UUID.randomUUID();
    byte[] archive =
        zip(Map.of("setup.sh", "echo " + marker + "\nexit 3\n", "run_autograder", "#!/bin/sh\n"));
    var created =
        api.upload(Map.of("format", "script", "maxScore", "5"), archive, "broken-setup", "Broken");
    assertEquals(201, created.status(), created.body().toString());
    JsonNode setup = api.awaitSetupChecked("broken-setup", GRADING).path("setup");
    assertEquals("FAILED", setup.path("status").asText(), setup.toString());
    assertTrue(
        setup.path("log").asText().contains(marker), "setup.sh's output is in the log: " + setup);
    var refused =
        api.submit(
            "broken-setup",
            "student-" + UUID.randomUUID().toString().substring(0, 6),
            Map.of("answer.py", "print(42)\n"));
    assertEquals(409, refused.status(), refused.body().toString());
    assertEquals("setup_failed", refused.body().path("error").path("code").asText());
    // Looking at the assignment again, for a while, does not run the check again.
    for (int i = 0; i < 10; i++) {
      assertEquals(
          "FAILED",
          api.get("/api/v1/assignments/broken-setup").body().path("setup").path("status").asText());
      Thread.sleep(300);
    }
    long checks =
        runner
            .log()
            .lines()
            .filter(line -> line.contains("setup-broken-setup#") && line.contains("the setup is"))
            .count();
    assertEquals(1, checks, "the failed check ran once:\n" + runner.logTail(40));
  }

  @Test
  @Order(7)
  void aPackageWhoseWrongAnswerSolutionPassesFailsAtUploadNamingIt() throws Exception {
    String sum = "print(sum(map(int, input().split())))\n";
    byte[] pkg =
        zip(
            Map.of(
                "sum/problem.yaml",
                "name: Sum\n",
                "sum/data/secret/1.in",
                "1 2\n",
                "sum/data/secret/1.ans",
                "3\n",
                "sum/submissions/accepted/sum.py",
                sum,
                "sum/submissions/accepted/sum.kt",
                "fun main() = println(readLine()!!.split(' ').sumOf { it.toInt() })\n",
                "sum/submissions/wrong_answer/not_wrong.py",
                sum));
    var created = api.upload(Map.of("format", "problem"), pkg, "sum-judged", "Sum");
    assertEquals(201, created.status(), created.body().toString());
    JsonNode setup = api.get("/api/v1/assignments/sum-judged").body().path("setup");
    assertEquals("FAILED", setup.path("status").asText(), setup.toString());
    assertTrue(
        setup.path("log").asText().contains("submissions/wrong_answer/not_wrong.py: ACCEPTED"),
        setup.toString());
    assertTrue(
        setup.path("warnings").toString().contains("submissions/accepted/sum.kt"),
        "a Kotlin judge solution is" + " skipped with a warning: " + setup);
    assertTrue(setup.path("timeLimitMillis").asLong() > 0, "the derived limit is shown: " + setup);
  }

  @Test
  @Order(8)
  void submissionsAndResultsSurviveASchedulerRestart() throws Exception {
    String id = gradedBeforeRestart.path("id").asText();
    scheduler.stop();
    scheduler = NodeProcess.scheduler("scheduler-restarted", logs, schedulerProperties);
    api.awaitUp(Duration.ofSeconds(90), scheduler::isAlive);
    JsonNode after = api.get("/api/v1/submissions/" + id).body();
    assertEquals("GRADED", after.path("status").asText());
    assertEquals(gradedBeforeRestart.path("result"), after.path("result"));
    assertEquals(gradedBeforeRestart.path("receivedAt"), after.path("receivedAt"));
    assertEquals(
        "Hello in C", api.get("/api/v1/assignments/hello-c").body().path("title").asText());

    // The runner node finds the restarted scheduler and grades again.
    String next = submit("hello-c", "hello.c", HELLO.get("C")[1]);
    assertEquals(
        "ACCEPTED", api.awaitGraded(next, GRADING).path("result").path("verdict").asText());
  }
}
