package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.autograder.api.Browser.Part;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.submission.Submission;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which submission counts (latest, best, chosen) and staff's score adjustments, through HTTP
 * against a whole scheduler node. The node has no runner: results reach the Submission entity as a
 * runner's report would.
 */
class GradesApiTest {
  @RegisterExtension static final NodeUnderTest node = NodeUnderTest.withClassroom(Map.of());

  /** The assignment's grade for a test: 2 points, as Classroom's assignments have. */
  private static void grade(String submissionId, double score) throws Exception {
    EntityRef<Submission.Command> entity =
        ClusterSharding.get(node.running().system())
            .entityRefFor(Submission.TYPE_KEY, submissionId);
    entity.tell(new Submission.MarkRunning(1, "test-runner/1", Instant.now()));
    GradingResult result =
        GradingResult.of(
            score == 2 ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER, score, 2, "", List.of(), "");
    entity
        .<Done>askWithStatus(
            replyTo -> new Submission.RecordResult(1, result, Instant.now(), replyTo),
            Duration.ofSeconds(10))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static void assignment(String id, String rule, Instant due, Instant lateUntil)
      throws Exception {
    Map<String, Object> a = Classroom.assignment(id, due);
    if (rule != null) {
      a.put("countedSubmission", rule);
    }
    if (lateUntil != null) {
      a.put("lateUntil", lateUntil.toString());
    }
    Browser.Answer created = node.room().as("ins").post("/api/v1/courses/cs101/assignments", a);
    assertEquals(201, created.status(), created.toString());
  }

  private static String submit(Browser who, String assignment, String code) throws Exception {
    Browser.Answer a = node.room().submit(who, assignment, Part.file("main.py", code));
    assertEquals(202, a.status(), a.toString());
    return a.body().path("id").asText();
  }

  /** Read sides are a moment behind the entities: asks again until the answer is as expected. */
  private static JsonNode await(Browser who, String path, Predicate<JsonNode> expected, String what)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    JsonNode body;
    do {
      body = who.get(path).body();
      if (expected.test(body)) {
        return body;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(what + ": after 20 s " + path + " still answers " + body);
  }

  private static JsonNode gradeOf(JsonNode book, String student, String assignment) {
    for (JsonNode row : book.path("students")) {
      if (row.path("username").asText().equals(student)) {
        return row.path("grades").path(assignment);
      }
    }
    return MissingNode.getInstance();
  }

  @Test
  void aTaAdjustsAScoreAndTheStudentSeesTheCommentOnlyOnceGradesArePublished() throws Exception {
    assignment("adjusted", null, Instant.now().plus(7, ChronoUnit.DAYS), null);
    Browser stu = node.room().as("stu1");
    Browser ta = node.room().as("ta1");
    String id = submit(stu, "adjusted", "print(1)\n");
    grade(id, 1);
    Map<String, Object> adjustment =
        Map.of("mode", "add", "points", 0.5, "comment", "The loop bound was right after all.");
    Browser.Answer bySelf = stu.put("/api/v1/submissions/" + id + "/adjustment", adjustment);
    assertEquals(403, bySelf.status(), "a student cannot adjust their own score: " + bySelf);
    Browser.Answer adjusted = ta.put("/api/v1/submissions/" + id + "/adjustment", adjustment);
    assertEquals(200, adjusted.status(), adjusted.toString());
    assertEquals(1.5, adjusted.body().path("finalScore").asDouble());
    assertEquals("ta1", adjusted.body().path("adjustment").path("actor").asText());
    assertEquals("add", adjusted.body().path("adjustment").path("mode").asText());
    assertFalse(adjusted.body().path("adjustment").path("at").isMissingNode());

    JsonNode before = stu.get("/api/v1/submissions/" + id).body();
    assertTrue(
        before.path("adjustment").isMissingNode(), "hidden before grades are published: " + before);
    assertEquals(1.0, before.path("finalScore").asDouble());
    JsonNode listed =
        await(
            stu,
            "/api/v1/assignments/adjusted/submissions",
            l -> l.size() == 1 && l.get(0).path("status").asText().equals("GRADED"),
            "the student's list");
    assertTrue(listed.get(0).path("adjustment").isMissingNode(), listed.toString());

    assertEquals(
        200,
        node.room()
            .as("ins")
            .patch("/api/v1/assignments/adjusted", Map.of("gradesPublished", true))
            .status());
    JsonNode after = stu.get("/api/v1/submissions/" + id).body();
    assertEquals(
        "The loop bound was right after all.",
        after.path("adjustment").path("comment").asText(),
        after.toString());
    assertEquals(1.5, after.path("finalScore").asDouble());
    await(
        stu,
        "/api/v1/assignments/adjusted/submissions",
        l -> l.get(0).path("finalScore").asDouble() == 1.5 && l.get(0).path("counted").asBoolean(),
        "the published list");

    JsonNode grade =
        gradeOf(
            await(
                ta,
                "/api/v1/courses/cs101/gradebook",
                b -> gradeOf(b, "stu1", "adjusted").path("adjusted").asBoolean(),
                "the grade book"),
            "stu1",
            "adjusted");
    assertEquals(1.5, grade.path("finalScore").asDouble());
    assertEquals("latest", grade.path("counts").asText());
    assertEquals(1, grade.path("submissionNumber").asInt());
    await(
        ta,
        "/api/v1/courses/cs101/audit?assignment=adjusted",
        log -> log.path("entries").findValuesAsText("action").contains("adjustment"),
        "the audit log's adjustment entry");

    Browser.Answer removed = ta.delete("/api/v1/submissions/" + id + "/adjustment");
    assertEquals(200, removed.status(), removed.toString());
    assertTrue(removed.body().path("adjustment").isMissingNode());
    assertEquals(1.0, removed.body().path("finalScore").asDouble());
  }

  @Test
  void underBestAFailedLaterSubmissionDoesNotLowerTheGrade() throws Exception {
    assignment("best", "BEST", Instant.now().plus(7, ChronoUnit.DAYS), null);
    Browser stu = node.room().as("stu1");
    String good = submit(stu, "best", "print('Hello, Ada!')\n");
    grade(good, 2);
    String broken = submit(stu, "best", "print(\n");
    grade(broken, 0);
    assertEquals(
        "BEST", stu.get("/api/v1/assignments/best").body().path("countedSubmission").asText());
    JsonNode list =
        await(
            stu,
            "/api/v1/assignments/best/submissions",
            l -> l.size() == 2 && l.get(0).path("status").asText().equals("GRADED"),
            "both graded");
    assertEquals(broken, list.get(0).path("id").asText(), "newest first");
    assertEquals(2, list.get(0).path("number").asInt());
    assertTrue(list.get(0).path("counted").isMissingNode(), list.toString());
    assertTrue(list.get(1).path("counted").asBoolean(), "the 2/2 counts: " + list);
    JsonNode latest = stu.get("/api/v1/assignments/best/submissions?latest=true").body();
    assertEquals(List.of(broken), latest.findValuesAsText("id"), "latest still means the latest");
    JsonNode grade =
        gradeOf(
            node.room().as("ins").get("/api/v1/courses/cs101/gradebook").body(), "stu1", "best");
    assertEquals(good, grade.path("submissionId").asText());
    assertEquals(2.0, grade.path("finalScore").asDouble());
    assertEquals("best", grade.path("counts").asText());
  }

  @Test
  void underBestTheZipHoldsTheBestAndRegradeAllTakesItWithTheLatestButNoStaffRun()
      throws Exception {
    assignment("best-zip", "BEST", Instant.now().plus(7, ChronoUnit.DAYS), null);
    Browser stu = node.room().as("stu1");
    String good = submit(stu, "best-zip", "print('good')\n");
    grade(good, 2);
    String middle = submit(stu, "best-zip", "print('middle')\n");
    grade(middle, 1);
    String broken = submit(stu, "best-zip", "print(\n");
    grade(broken, 0);
    String staffRun = submit(node.room().as("ta1"), "best-zip", "print('a TA tries the tests')\n");
    grade(staffRun, 2);
    await(
        node.room().as("ins"),
        "/api/v1/assignments/best-zip/submissions",
        l -> l.size() == 4 && l.findValuesAsText("status").stream().allMatch("GRADED"::equals),
        "all four graded");

    var zip = node.room().as("ins").download("/api/v1/assignments/best-zip/submissions.zip");
    assertEquals(200, zip.statusCode());
    Map<String, byte[]> entries = CodeViewApiTest.unzip(zip.body());
    assertEquals(
        List.of("stu1/main.py"),
        List.copyOf(entries.keySet()),
        "students only: " + entries.keySet());
    assertEquals(
        "print('good')\n",
        new String(entries.get("stu1/main.py"), StandardCharsets.UTF_8),
        "the best submission counts, not the latest");

    Browser.Answer batch =
        node.room()
            .as("ins")
            .send("/api/v1/assignments/best-zip/regrades", "POST", "application/json", new byte[0]);
    assertEquals(202, batch.status(), batch.toString());
    assertEquals(
        Set.of(good, broken),
        Set.copyOf(textsOf(batch.body().path("submissions"))),
        "the counted and the latest of each student, not the one between nor staff's run: "
            + batch);
  }

  private static List<String> textsOf(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  @Test
  void aStudentPicksWhichCountsUntilTheDueDateAndStaffAtAnyTime() throws Exception {
    assignment("picked", "CHOSEN", Instant.now().plus(7, ChronoUnit.DAYS), null);
    Browser stu = node.room().as("stu1");
    String first = submit(stu, "picked", "print(1)\n");
    submit(stu, "picked", "print(2)\n");
    Browser.Answer chosen = stu.post("/api/v1/submissions/" + first + "/choose", Map.of());
    assertEquals(200, chosen.status(), chosen.toString());
    assertFalse(chosen.body().path("chosenAt").isMissingNode());
    await(
        stu,
        "/api/v1/assignments/picked/submissions",
        l -> l.size() == 2 && l.get(1).path("counted").asBoolean(),
        "the first one counts once picked");
    Browser.Answer otherStudent =
        node.room().as("stu2").post("/api/v1/submissions/" + first + "/choose", Map.of());
    assertEquals(404, otherStudent.status(), otherStudent.toString());

    String underLatest = submit(stu, Classroom.ASSIGNMENT, "print(4)\n");
    assertEquals(
        "not_chosen_by_student",
        stu.post("/api/v1/submissions/" + underLatest + "/choose", Map.of()).code(),
        "an assignment that counts the latest has nothing to choose");

    assignment(
        "overdue",
        "CHOSEN",
        Instant.now().minus(1, ChronoUnit.HOURS),
        Instant.now().plus(1, ChronoUnit.DAYS));
    String late = submit(stu, "overdue", "print(3)\n");
    Browser.Answer tooLate = stu.post("/api/v1/submissions/" + late + "/choose", Map.of());
    assertEquals(409, tooLate.status(), tooLate.toString());
    assertEquals("past_due", tooLate.code());
    assertEquals(
        200,
        node.room().as("ta1").post("/api/v1/submissions/" + late + "/choose", Map.of()).status(),
        "staff may pick after the due date");
    await(
        node.room().as("ta1"),
        "/api/v1/courses/cs101/audit?assignment=overdue",
        log -> log.path("entries").findValuesAsText("action").contains("submission_chosen"),
        "staff's pick in the audit log");
  }

  @Test
  void badAdjustmentsAndRulesAreRefusedWithTheirReason() throws Exception {
    assignment("refusals", null, Instant.now().plus(7, ChronoUnit.DAYS), null);
    Browser ta = node.room().as("ta1");
    String queued = submit(node.room().as("stu2"), "refusals", "print(1)\n");
    String path = "/api/v1/submissions/" + queued + "/adjustment";
    assertEquals("not_graded", ta.put(path, Map.of("mode", "add", "points", 1)).code());
    grade(queued, 1);
    Map<String, Map<String, Object>> refusals =
        Map.of(
            "invalid_mode", Map.of("mode", "multiply", "points", 2),
            "invalid_points", Map.of("mode", "set", "points", -1),
            "invalid_comment", Map.of("mode", "add", "points", 1, "comment", "x".repeat(2001)),
            "invalid_json", Map.of("mode", "add", "points", "many"));
    for (var refusal : refusals.entrySet()) {
      Browser.Answer a = ta.put(path, refusal.getValue());
      assertEquals(400, a.status(), refusal.getKey() + ": " + a);
      assertEquals(refusal.getKey(), a.code(), a.toString());
    }
    Browser.Answer noPoints = ta.put(path, Map.of("mode", "add"));
    assertEquals("invalid_points", noPoints.code(), noPoints.toString());
    Browser.Answer notJson = ta.send(path, "PUT", "text/plain", "add 1".getBytes());
    assertEquals(415, notJson.status(), notJson.toString());
    Browser.Answer badRule =
        node.room()
            .as("ins")
            .patch("/api/v1/assignments/refusals", Map.of("countedSubmission", "WORST"));
    assertEquals(400, badRule.status(), badRule.toString());
    assertEquals(
        404,
        ta.put(
                "/api/v1/submissions/no-such-submission/adjustment",
                Map.of("mode", "add", "points", 1))
            .status());
    assertEquals(
        "LATEST",
        node.room()
            .as("ins")
            .get("/api/v1/assignments/refusals")
            .body()
            .path("countedSubmission")
            .asText(),
        "an assignment that says nothing counts the latest");
  }
}
