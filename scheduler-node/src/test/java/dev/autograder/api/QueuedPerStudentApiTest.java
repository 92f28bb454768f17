package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ContentHash;
import dev.autograder.api.Browser.Part;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.submission.archive.SubmissionArchive;
import dev.autograder.submission.archive.SubmittedFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bound on one student's waiting submissions in a flavour's queue, through HTTP against a whole
 * scheduler node whose bound is 3. The jobs are taken and finished by a runner played by a probe
 * that speaks the scheduler's protocol.
 */
class QueuedPerStudentApiTest {
  private static final int BOUND = 3;

  @RegisterExtension
  static final NodeUnderTest node =
      NodeUnderTest.withClassroom(Map.of("autograder.scheduler.max-queued-per-student", BOUND));

  @BeforeAll
  static void start() throws Exception {
    Map<String, Object> capped =
        Classroom.assignment("capped", Instant.now().plus(3, ChronoUnit.DAYS));
    capped.put("submissionLimit", Map.of("count", 10, "windowHours", 24));
    assertEquals(
        201, node.room().as("ins").post("/api/v1/courses/cs101/assignments", capped).status());
  }

  private static Part program(String text) {
    return Part.file("main.py", "print('" + text + "')\n");
  }

  /** Whether these files' archive is in the blob store. */
  private static boolean stored(String text) throws Exception {
    byte[] packed =
        new SubmissionArchive(8, 64 * 1024)
            .pack(
                List.of(
                    new SubmittedFile(
                        "main.py", ("print('" + text + "')\n").getBytes(StandardCharsets.UTF_8))));
    return node.running().storesBlob(ContentHash.sha256(packed));
  }

  private static int runsLeft(Browser who) throws Exception {
    return who.get("/api/v1/assignments/capped").body().path("runsLeft").asInt();
  }

  /** The committed run shows a moment after the 202. */
  private static void awaitRunsLeft(Browser who, int expected) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (runsLeft(who) != expected && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertEquals(expected, runsLeft(who));
  }

  @Test
  void aStudentPastTheBoundIsRefusedWithoutTraceOthersAreNotAndTheyMaySubmitOnceTheirJobsDrain()
      throws Exception {
    Browser stu = node.room().as("stu1");
    for (int i = 1; i <= BOUND; i++) {
      Browser.Answer accepted = node.room().submit(stu, "capped", program("accepted " + i));
      assertEquals(202, accepted.status(), accepted.toString());
    }
    awaitRunsLeft(stu, 10 - BOUND);
    assertTrue(stored("accepted 1"), "an accepted submission's archive is stored");

    Browser.Answer refused = node.room().submit(stu, "capped", program("one too many"));
    assertEquals(429, refused.status(), refused.toString());
    assertEquals("too_many_queued", refused.code());
    assertTrue(
        refused.body().path("error").path("message").asText().contains("3 submissions waiting"),
        refused.toString());
    String retryAfter = refused.raw().headers().firstValue("Retry-After").orElse("");
    assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After: " + retryAfter);
    assertEquals(10 - BOUND, runsLeft(stu), "the refused submission costs no run");
    assertFalse(stored("one too many"), "nor is its archive stored");
    Thread.sleep(500);
    assertEquals(
        BOUND,
        CourseApiTest.awaitList(stu, "/api/v1/assignments/capped/submissions", BOUND).size(),
        "nor is it recorded");

    Browser other = node.room().as("stu2");
    assertEquals(
        202,
        node.room().submit(other, "capped", program("another student")).status(),
        "another student is not refused");

    drain(BOUND + 1);
    Browser.Answer again = node.room().submit(stu, "capped", program("after the drain"));
    assertEquals(
        202, again.status(), "once their jobs have run the student may submit again: " + again);
    awaitRunsLeft(stu, 10 - BOUND - 1);
  }

  /** A runner takes this many jobs one after another and reports each graded. */
  private static void drain(int jobs) {
    ActorRef<SchedulerCommand> scheduler = node.running().scheduler();
    TestProbe<RunnerMessage> runner = TestProbe.create(node.running().system());
    for (int i = 0; i < jobs; i++) {
      scheduler.tell(new SchedulerCommand.RequestJob("default", "probe/1", 1, runner.ref()));
      JobLease lease =
          runner.expectMessageClass(RunnerMessage.JobOffered.class, Duration.ofSeconds(20)).lease();
      scheduler.tell(
          new SchedulerCommand.JobFinished(
              lease, GradingResult.of(Verdict.ACCEPTED, 2, 2, "", List.of(), ""), runner.ref()));
      runner.expectMessageClass(RunnerMessage.ResultRecorded.class, Duration.ofSeconds(20));
    }
  }
}
