package dev.autograder.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.course.rules.Lateness;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.port.GradingDesk.SubmissionSummary;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.scheduler.PendingJobs.PendingJob;
import dev.autograder.storage.ReadSideHarness;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The submissions' read tables on the real journal, on H2 and on a fresh PostgreSQL database: a
 * deadline rush's receipts, written in batched statements, and the events of graded and regraded
 * submissions between them, in the order they happened.
 */
class SubmissionsProjectionTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");
  private static final String SPEC = "1".repeat(64);
  private static final String REVISED_SPEC = "2".repeat(64);
  private static final String FILES = "f".repeat(64);

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void receiptsBetweenOtherEventsListEverySubmissionAndKeepOnlyUngradedJobsPending(String kind)
      throws Exception {
    try (ReadSideHarness readSide = ReadSideHarness.start(kind, "submissions")) {
      var tables = Executors.newSingleThreadExecutor();
      SubmissionsTable submissions = new SubmissionsTable(readSide.sql());
      submissions.createTableIfMissing();
      PendingJobsTable pending = new PendingJobsTable(readSide.pool(), tables);
      pending.createTableIfMissing();

      for (int i = 1; i <= 5; i++) {
        readSide.receive(received("s" + i, i));
      }
      var graded = readSide.entity(Submission.create("s1"), "s1");
      graded.tell(new Submission.MarkRunning(1, "runner/1", AT.plusSeconds(10)));
      readSide.<Done, Submission.Command>ask(graded, r -> result(1, r));
      var regraded = readSide.entity(Submission.create("s2"), "s2");
      regraded.tell(new Submission.MarkRunning(1, "runner/1", AT.plusSeconds(10)));
      readSide.<Done, Submission.Command>ask(regraded, r -> result(1, r));
      readSide.<GradingJob, Submission.Command>ask(
          regraded, r -> new Submission.Regrade(null, REVISED_SPEC, "ins", AT.plusSeconds(12), r));
      readSide.receive(received("s6", 6));

      readSide.projectGroups(Submission.TAG, SubmissionsProjection::new);

      String expected =
          "s1 GRADED round 1, s2 QUEUED round 2, s3 QUEUED round 1, s4 QUEUED round 1, "
              + "s5 QUEUED round 1, s6 QUEUED round 1";
      String listed =
          ReadSideHarness.eventually(
              () ->
                  describe(
                      submissions
                          .ofAssignment("a1", Optional.empty(), false)
                          .toCompletableFuture()
                          .get(20, TimeUnit.SECONDS)),
              expected::equals);
      assertEquals(expected, listed, "the submissions' list");
      String waiting =
          "s2 REGRADE revised spec attempt 2, s3 INTERACTIVE spec attempt 1, s4 INTERACTIVE spec "
              + "attempt 1, s5 INTERACTIVE spec attempt 1, s6 INTERACTIVE spec attempt 1";
      String jobs =
          ReadSideHarness.eventually(
              () ->
                  pending.load("default").toCompletableFuture().get(20, TimeUnit.SECONDS).stream()
                      .map(PendingJob::job)
                      .map(
                          j ->
                              j.submissionId()
                                  + " "
                                  + j.priority()
                                  + (j.specHash().equals(REVISED_SPEC) ? " revised spec" : " spec")
                                  + " attempt "
                                  + j.attempt())
                      .collect(Collectors.joining(", ")),
              waiting::equals);
      assertEquals(waiting, jobs, "the pending jobs, oldest first");
      tables.shutdown();
    }
  }

  private static String describe(List<SubmissionSummary> listed) {
    return listed.stream()
        .sorted(Comparator.comparing(SubmissionSummary::id))
        .map(s -> s.id() + " " + s.status() + " round " + s.round())
        .collect(Collectors.joining(", "));
  }

  private static Submission.SubmissionReceived received(String id, int second) {
    return new Submission.SubmissionReceived(
        id,
        "a1",
        "cs1",
        "stu" + second,
        "default",
        SPEC,
        FILES,
        List.of("main.py"),
        JobPriority.INTERACTIVE,
        Lateness.ON_TIME,
        AT.plusSeconds(second),
        "stu" + second);
  }

  private static Submission.RecordResult result(int attempt, ActorRef<StatusReply<Done>> r) {
    return new Submission.RecordResult(
        attempt,
        GradingResult.of(Verdict.ACCEPTED, 1, 1, "ok", List.of(), ""),
        AT.plusSeconds(11),
        r);
  }
}
