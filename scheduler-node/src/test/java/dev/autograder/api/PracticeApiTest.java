package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.api.Browser.Part;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.queue.SchedulerCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Practice runs through HTTP against a whole scheduler node that allows 2 an hour: they use no run
 * of the submission limit, have their own limit, wait behind graded work, and never reach the grade
 * book or a "latest" list. A runner played by a probe takes the jobs.
 */
class PracticeApiTest {
  private static final int PER_HOUR = 2;

  @RegisterExtension
  static final NodeUnderTest node =
      NodeUnderTest.withClassroom(Map.of("autograder.practice.per-hour", PER_HOUR));

  @BeforeAll
  static void start() throws Exception {
    Map<String, Object> limited =
        Classroom.assignment("limited", Instant.now().plus(3, ChronoUnit.DAYS));
    limited.put("submissionLimit", Map.of("count", 1, "windowHours", 24));
    assertEquals(
        201, node.room().as("ins").post("/api/v1/courses/cs101/assignments", limited).status());
  }

  private static Browser.Answer practise(Browser who, String assignment, String program)
      throws Exception {
    return who.multipart(
        "/api/v1/assignments/" + assignment + "/practice",
        List.of(Part.file("main.py", "print('" + program + "')\n")));
  }

  @Test
  void aPracticeRunUsesNoRunOfTheLimitHasItsOwnAndLeavesNoTracePastIt() throws Exception {
    Browser stu = node.room().as("stu1");
    for (int i = 1; i <= PER_HOUR; i++) {
      Browser.Answer practised = practise(stu, "limited", "practice " + i);
      assertEquals(202, practised.status(), practised.toString());
      assertTrue(
          practised.body().path("practice").asBoolean(),
          "the answer says it is practice: " + practised);
      assertTrue(
          practised
              .raw()
              .headers()
              .firstValue("Location")
              .orElse("")
              .startsWith("/api/v1/submissions/"));
    }
    assertEquals(
        1,
        stu.get("/api/v1/assignments/limited").body().path("runsLeft").asInt(),
        "practice runs use none of the submission limit");

    Browser.Answer refused = practise(stu, "limited", "one too many");
    assertEquals(429, refused.status(), refused.toString());
    assertEquals("practice_limit", refused.code(), refused.toString());
    String retryAfter = refused.raw().headers().firstValue("Retry-After").orElse("");
    assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After: " + retryAfter);
    Thread.sleep(500);
    JsonNode history =
        CourseApiTest.awaitList(stu, "/api/v1/assignments/limited/submissions", PER_HOUR);
    assertEquals(PER_HOUR, history.size(), "the refused run is not recorded: " + history);
    history.forEach(
        s -> assertTrue(s.path("practice").asBoolean(), "history marks practice runs: " + s));

    Browser.Answer submitted =
        node.room().submit(stu, "limited", Part.file("main.py", "print('counted')\n"));
    assertEquals(
        202, submitted.status(), "the submission limit is untouched by practice: " + submitted);
    assertFalse(submitted.body().path("practice").asBoolean());
    assertEquals(
        202,
        practise(node.room().as("stu2"), "limited", "another student").status(),
        "another student has a limit of their own");
  }

  @Test
  void practiceWaitsBehindGradedWorkAndNeverReachesTheGradeBook() throws Exception {
    Browser stu = node.room().as("stu2");
    Browser ins = node.room().as("ins");
    String practice =
        practise(stu, Classroom.ASSIGNMENT, "practice first").body().path("id").asText();
    String counted =
        node.room()
            .submit(stu, Classroom.ASSIGNMENT, Part.file("main.py", "print('counted')\n"))
            .body()
            .path("id")
            .asText();

    // Other tests' jobs may wait too: the probe takes jobs until it has had this test's two.
    List<GradingJob> order =
        drainUntil(practice).stream()
            .filter(j -> j.submissionId().equals(practice) || j.submissionId().equals(counted))
            .toList();
    assertEquals(
        List.of(counted, practice),
        order.stream().map(GradingJob::submissionId).toList(),
        "the submission made after the practice run is graded first");
    assertEquals(JobPriority.PRACTICE, order.get(1).priority());
    assertTrue(order.get(1).practice(), "the runner is told it is practice");
    assertFalse(order.get(0).practice());

    JsonNode all =
        awaitGraded(
            stu, "/api/v1/assignments/" + Classroom.ASSIGNMENT + "/submissions?student=stu2", 2);
    assertTrue(
        all.toString().contains(practice), "the student's history has the practice run: " + all);
    JsonNode latest =
        ins.get("/api/v1/assignments/" + Classroom.ASSIGNMENT + "/submissions?latest=true").body();
    assertFalse(latest.toString().contains(practice), "nor is it anyone's latest: " + latest);
    JsonNode book = ins.get("/api/v1/courses/cs101/gradebook").body();
    assertTrue(
        book.toString().contains(counted), "the counted submission is in the grade book: " + book);
    assertFalse(book.toString().contains(practice), "the practice run is not: " + book);

    Browser.Answer regrade = ins.post("/api/v1/submissions/" + practice + "/regrade", Map.of());
    assertEquals(409, regrade.status(), regrade.toString());
    assertEquals("practice_run", regrade.code());
    Browser.Answer adjusted =
        ins.put(
            "/api/v1/submissions/" + practice + "/adjustment",
            Map.of("mode", "add", "points", 1, "comment", "for effort"));
    assertEquals(409, adjusted.status(), "a practice run's score is not adjusted: " + adjusted);
    assertEquals("practice_run", adjusted.code());
    Browser.Answer chosen = ins.post("/api/v1/submissions/" + practice + "/choose", Map.of());
    assertEquals(409, chosen.status(), "nor chosen to count: " + chosen);
    assertEquals("practice_run", chosen.code());
    JsonNode batch =
        ins.post("/api/v1/assignments/" + Classroom.ASSIGNMENT + "/regrades", Map.of()).body();
    assertFalse(
        batch.path("submissions").toString().contains(practice),
        "regrade-all leaves it out: " + batch);
  }

  @Test
  void badPracticeRequestsGetA4xxJsonError() throws Exception {
    Browser stu = node.room().as("stu1");
    Browser.Answer empty =
        stu.multipart("/api/v1/assignments/" + Classroom.ASSIGNMENT + "/practice", List.of());
    assertEquals(400, empty.status(), empty.toString());
    assertFalse(empty.code().isEmpty(), empty.toString());
    Browser.Answer notMultipart =
        stu.post("/api/v1/assignments/" + Classroom.ASSIGNMENT + "/practice", Map.of());
    assertTrue(
        notMultipart.status() >= 400 && notMultipart.status() < 500, notMultipart.toString());
    Browser.Answer forOther =
        stu.multipart(
            "/api/v1/assignments/" + Classroom.ASSIGNMENT + "/practice",
            List.of(Part.file("main.py", "print(1)\n"), Part.field("student", "stu2")));
    assertEquals(403, forOther.status(), forOther.toString());
    Browser.Answer unknown = practise(stu, "no-such-assignment", "x");
    assertEquals(404, unknown.status(), unknown.toString());
    Browser.Answer badPath =
        stu.multipart(
            "/api/v1/assignments/" + Classroom.ASSIGNMENT + "/practice",
            List.of(Part.file("../escape.py", "print(1)\n")));
    assertEquals(400, badPath.status(), badPath.toString());
  }

  /** The list once it has this many entries, each graded (the read side is a moment behind). */
  private static JsonNode awaitGraded(Browser who, String path, int size) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    JsonNode list = who.get(path).body();
    while ((list.size() != size
            || list.findValuesAsText("status").stream().anyMatch(s -> !s.equals("GRADED")))
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      list = who.get(path).body();
    }
    return list;
  }

  /**
   * A runner takes jobs one after another, reports each graded, until it has had this submission's;
   * answers the jobs in the order it had them.
   */
  private static List<GradingJob> drainUntil(String submissionId) {
    ActorRef<SchedulerCommand> scheduler = node.running().scheduler();
    TestProbe<RunnerMessage> runner = TestProbe.create(node.running().system());
    List<GradingJob> taken = new ArrayList<>();
    while (taken.stream().noneMatch(j -> j.submissionId().equals(submissionId))) {
      scheduler.tell(new SchedulerCommand.RequestJob("default", "probe/1", 1, runner.ref()));
      JobLease lease =
          runner.expectMessageClass(RunnerMessage.JobOffered.class, Duration.ofSeconds(20)).lease();
      taken.add(lease.job());
      scheduler.tell(
          new SchedulerCommand.JobFinished(
              lease, GradingResult.of(Verdict.ACCEPTED, 2, 2, "", List.of(), ""), runner.ref()));
      runner.expectMessageClass(RunnerMessage.ResultRecorded.class, Duration.ofSeconds(20));
    }
    return taken;
  }
}
