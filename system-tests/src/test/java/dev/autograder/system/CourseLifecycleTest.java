package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.client.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A course's whole term through HTTP alone, on PostgreSQL with a real runner: the course, a roster
 * imported from CSV, an assignment in each spec format, students submitting before the due date,
 * late and after the deadline, an extension, a changed spec regraded for everyone, and the grade
 * book exported as CSV with the late penalty and the extension applied.
 */
class CourseLifecycleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GRADING = Duration.ofMinutes(3);
  private static final String HELLO = "print(f'Hello, {input()}!')\n";
  private static final String ONLY_ADA = "input()\nprint('Hello, Ada!')\n";

  @Test
  void aTermFromRosterToGradeBook() throws Exception {
    try (TestCluster cluster = new TestCluster("lifecycle", 1, Map.of())) {
      cluster.startScheduler(0);
      ApiClient admin = cluster.api(0);
      admin.awaitUp(Duration.ofSeconds(90), cluster.scheduler(0)::isAlive);
      cluster.startRunner("r1", 2, Map.of());

      assertEquals(
          201,
          admin
              .postJson(
                  "/api/v1/courses",
                  "{\"id\": \"life\", \"code\": \"CS 1\", \"title\": \"Life\", \"term\": \"Fall\"}")
              .status());
      ApiClient.Answer roster =
          admin.postText(
              "/api/v1/courses/life/roster/import",
              "text/csv",
              "username,display_name,role\nprof,Professor,instructor\ns1,Ada,student\ns2,Bob,student\ns3,Cy,student\n");
      assertEquals(200, roster.status(), roster.toString());
      Map<String, String> passwords = new HashMap<>();
      roster
          .body()
          .path("created")
          .forEach(
              c -> passwords.put(c.path("username").asText(), c.path("initialPassword").asText()));
      assertEquals(4, passwords.size());
      ApiClient prof = admin.as("prof", passwords.get("prof"));
      ApiClient s1 = admin.as("s1", passwords.get("s1"));
      ApiClient s2 = admin.as("s2", passwords.get("s2"));
      ApiClient s3 = admin.as("s3", passwords.get("s3"));

      String inAYear = Instant.now().plus(Duration.ofDays(365)).toString();
      String settings =
          "{\"id\": \"%s\", \"title\": \"%s\", \"published\": true, \"dueAt\": \""
              + inAYear
              + "\"}";
      assertEquals(
          201,
          prof.uploadPackage(
                  "life",
                  Map.of(
                      "format",
                      "script",
                      "maxScore",
                      "5",
                      "assignment",
                      settings.formatted("life-script", "Answer")),
                  EndToEndTest.zip(
                      Map.of(
                          "setup.sh",
                          "true\n",
                          "run_autograder",
                          """
              #!/usr/bin/env bash
              if [ "$(python3 /autograder/submission/answer.py)" = 42 ]; then s=5; else s=0; fi
              echo "{\\"tests\\": [{\\"name\\": \\"answer\\", \\"score\\": $s, \\"max_score\\": 5}]}" \\
                > /autograder/results/results.json
              """)))
              .status());
      assertEquals(
          201,
          prof.uploadPackage(
                  "life",
                  Map.of(
                      "format",
                      "problem",
                      "assignment",
                      settings.formatted("life-problem", "Mean")),
                  EndToEndTest.zip(
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
                          "4.5\n")))
              .status());
      Instant due = Instant.now().plusSeconds(30);
      Instant lateUntil = due.plusSeconds(25);
      ApiClient.Answer io =
          prof.postJson(
              "/api/v1/courses/life/assignments",
              JSON.writeValueAsString(
                  Map.of(
                      "id",
                      "life-io",
                      "title",
                      "Hello",
                      "published",
                      true,
                      "dueAt",
                      due.toString(),
                      "lateUntil",
                      lateUntil.toString(),
                      "latePenaltyPercentPerDay",
                      10,
                      "spec",
                      Map.of(
                          "language",
                          "PYTHON",
                          "tests",
                          List.of(
                              Map.of(
                                  "name",
                                  "greets Ada",
                                  "stdin",
                                  "Ada\n",
                                  "expectedStdout",
                                  "Hello, Ada!\n",
                                  "points",
                                  1),
                              Map.of(
                                  "name",
                                  "greets Bob",
                                  "stdin",
                                  "Bob\n",
                                  "expectedStdout",
                                  "Hello, Bob!\n",
                                  "points",
                                  1,
                                  "visibility",
                                  "HIDDEN"))))));
      assertEquals(201, io.status(), io.toString());
      assertEquals(
          200,
          prof.put(
                  "/api/v1/assignments/life-io/extensions/s3",
                  "{\"dueAt\": \"" + due.plusSeconds(600) + "\"}")
              .status());

      String s1Io = accepted(s1.submitOwn("life-io", Map.of("main.py", HELLO)));
      String s2Early = accepted(s2.submitOwn("life-io", Map.of("main.py", ONLY_ADA)));
      String s1Script =
          accepted(s1.submitOwn("life-script", Map.of("answer.py", "print(6 * 7)\n")));
      String s2Script = accepted(s2.submitOwn("life-script", Map.of("answer.py", "print(41)\n")));
      String s1Problem =
          accepted(
              s1.submitOwn(
                  "life-problem",
                  Map.of(
                      "mean.py",
                      "a, b = map(int, input().split())\nprint(f'{(a + b) / 2:.9f}')\n")));
      String s3Problem =
          accepted(
              s3.submitOwn(
                  "life-problem",
                  Map.of("mean.py", "a, b = map(int, input().split())\nprint((a + b) // 2)\n")));

      sleepUntil(due.plusSeconds(1));
      ApiClient.Answer late = s2.submitOwn("life-io", Map.of("main.py", HELLO));
      String s2Late = accepted(late);
      assertEquals(1, late.body().path("daysLate").asInt());
      assertEquals(10.0, late.body().path("penaltyPercent").asDouble());
      ApiClient.Answer extended = s3.submitOwn("life-io", Map.of("main.py", HELLO));
      String s3Io = accepted(extended);
      assertEquals(0, extended.body().path("daysLate").asInt(), "the extension makes it on time");

      sleepUntil(lateUntil.plusSeconds(1));
      ApiClient.Answer after = s1.submitOwn("life-io", Map.of("main.py", HELLO));
      assertEquals(409, after.status(), after.toString());
      assertEquals("deadline_passed", after.body().path("error").path("code").asText());

      for (String id :
          List.of(s1Io, s2Early, s1Script, s2Script, s1Problem, s3Problem, s2Late, s3Io)) {
        admin.awaitGraded(id, GRADING);
      }
      JsonNode own = s2.get("/api/v1/submissions/" + s2Early).body();
      assertEquals(1.0, own.path("score").asDouble(), own.toString());
      assertEquals(
          1, own.path("result").path("tests").size(), "the hidden test is withheld: " + own);
      assertTrue(
          !own.toString().contains("greets Bob") && !own.toString().contains("Hello, Bob"),
          own.toString());
      assertEquals(
          404, s2.get("/api/v1/submissions/" + s1Io).status(), "another student's submission");

      ApiClient.Answer revised =
          prof.patch(
              "/api/v1/assignments/life-io",
              JSON.writeValueAsString(
                  Map.of(
                      "spec",
                      Map.of(
                          "language",
                          "PYTHON",
                          "tests",
                          List.of(
                              Map.of(
                                  "name",
                                  "greets Ada",
                                  "stdin",
                                  "Ada\n",
                                  "expectedStdout",
                                  "Hello, Ada!\n",
                                  "points",
                                  1),
                              Map.of(
                                  "name",
                                  "greets Bob",
                                  "stdin",
                                  "Bob\n",
                                  "expectedStdout",
                                  "Hello, Bob!\n",
                                  "points",
                                  3,
                                  "visibility",
                                  "HIDDEN"))))));
      assertEquals(200, revised.status(), revised.toString());
      assertEquals(2, revised.body().path("specVersion").asInt());
      awaitLatestGraded(prof, "life-io", 3);
      ApiClient.Answer batch = prof.postJson("/api/v1/assignments/life-io/regrades", "{}");
      assertEquals(202, batch.status(), batch.toString());
      assertEquals(
          3, batch.body().path("total").asInt(), "each student's latest submission: " + batch);
      awaitBatch(prof, batch.body().path("id").asText());

      String csv = prof.text("/api/v1/courses/life/gradebook.csv");
      assertEquals(
          """
          username,display_name,life-script,life-problem,life-io,total\r
          s1,Ada,5,2,4,11\r
          s2,Bob,0,,3.60,3.60\r
          s3,Cy,,1,4,5\r
          """,
          csv);
    }
  }

  private static String accepted(ApiClient.Answer a) {
    assertEquals(202, a.status(), a.toString());
    return a.body().path("id").asText();
  }

  private static void sleepUntil(Instant at) throws InterruptedException {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  /** The read side lists each student's latest submission as graded. */
  private static void awaitLatestGraded(ApiClient api, String assignment, int students)
      throws Exception {
    Instant deadline = Instant.now().plus(GRADING);
    while (Instant.now().isBefore(deadline)) {
      JsonNode latest =
          api.get("/api/v1/assignments/" + assignment + "/submissions?latest=true").body();
      int graded = 0;
      for (JsonNode s : latest) {
        graded += "GRADED".equals(s.path("status").asText()) ? 1 : 0;
      }
      if (graded == students) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the latest submissions to " + assignment + " were not all graded");
  }

  private static void awaitBatch(ApiClient api, String batch) throws Exception {
    Instant deadline = Instant.now().plus(GRADING);
    JsonNode progress = null;
    while (Instant.now().isBefore(deadline)) {
      progress = api.get("/api/v1/regrades/" + batch).body();
      if (progress.path("pending").asInt() == 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the regrade did not finish: " + progress);
  }
}
