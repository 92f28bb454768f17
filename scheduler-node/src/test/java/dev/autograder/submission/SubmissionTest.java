package dev.autograder.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.EntityTestKit;
import dev.autograder.course.rules.Lateness;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Submission entity: its life, and the rule that a result is written once. */
class SubmissionTest {
  private static final ActorTestKit testKit = EntityTestKit.create(SubmissionTest.class);

  private final List<String> refunded = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final EventSourcedBehaviorTestKit<Submission.Command, Submission.Event, Submission.State>
      entity =
          EventSourcedBehaviorTestKit.create(
              testKit.system(),
              Submission.create(
                  "s1",
                  (assignment, student, submission, practice) ->
                      refunded.add(
                          (practice ? "practice " : "")
                              + assignment
                              + "/"
                              + student
                              + "/"
                              + submission)));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    entity.clear();
  }

  private static GradingResult result(Verdict verdict, double score) {
    return GradingResult.of(
        verdict,
        score,
        2,
        "",
        List.of(
            new TestVerdict(
                "t1",
                "",
                verdict,
                score,
                2,
                12,
                10,
                1024,
                0,
                0,
                Visibility.VISIBLE,
                "",
                List.of())),
        "");
  }

  private SubmissionView receive() {
    return receive(JobPriority.INTERACTIVE);
  }

  private SubmissionView receive(JobPriority priority) {
    entity.initialize(
        new Submission.SubmissionReceived(
            "s1",
            "a1",
            "c1",
            "ada",
            "default",
            "spec",
            "files",
            List.of("main.py"),
            priority,
            Lateness.ON_TIME,
            Instant.parse("2026-11-23T10:00:00Z"),
            "ada"));
    return view();
  }

  private StatusReply<Done> record(int attempt, GradingResult result) {
    return entity
        .<StatusReply<Done>>runCommand(
            replyTo -> new Submission.RecordResult(attempt, result, Instant.now(), replyTo))
        .reply();
  }

  private SubmissionView view() {
    return entity
        .<Submission.Lookup>runCommand(Submission.Get::new)
        .reply()
        .submission()
        .orElseThrow();
  }

  @Test
  void aWatcherIsToldTheSubmissionAtOnceAndAgainAfterEachEvent() {
    TestProbe<Submission.Lookup> watcher = testKit.createTestProbe();
    receive();
    entity.runCommand(new Submission.Watch(watcher.ref()));
    assertEquals(
        SubmissionStatus.QUEUED, watcher.receiveMessage().submission().orElseThrow().status());
    entity.runCommand(new Submission.Watch(watcher.ref()));
    assertEquals(
        SubmissionStatus.QUEUED,
        watcher.receiveMessage().submission().orElseThrow().status(),
        "watching again answers again");
    entity.runCommand(new Submission.MarkRunning(1, "r1/1", Instant.now()));
    assertEquals(
        SubmissionStatus.RUNNING, watcher.receiveMessage().submission().orElseThrow().status());
    assertTrue(record(1, result(Verdict.ACCEPTED, 2)).isSuccess());
    assertEquals(
        SubmissionStatus.GRADED, watcher.receiveMessage().submission().orElseThrow().status());
    watcher.expectNoMessage(java.time.Duration.ofMillis(200));
  }

  @Test
  void eachAttemptSaysHowItEndedAndWhy() {
    receive();
    entity.runCommand(new Submission.MarkRunning(1, "r1/1", Instant.now()));
    entity.runCommand(
        new Submission.MarkEnded(
            1, SubmissionView.Ending.RUNNER_LOST, "its runner r1/1 went away", Instant.now()));
    entity.runCommand(
        new Submission.MarkEnded(
            1, SubmissionView.Ending.LEASE_EXPIRED, "a second end is ignored", Instant.now()));
    entity.runCommand(new Submission.MarkRunning(2, "r2/1", Instant.now()));
    assertEquals(null, view().attempts().get(1).ending(), "still running");
    assertTrue(record(2, result(Verdict.ACCEPTED, 2)).isSuccess());
    List<SubmissionView.Attempt> attempts = view().attempts();
    assertEquals(SubmissionView.Ending.RUNNER_LOST, attempts.get(0).ending());
    assertEquals("its runner r1/1 went away", attempts.get(0).reason());
    assertEquals(SubmissionView.Ending.GRADED, attempts.get(1).ending());
    assertEquals("ACCEPTED", attempts.get(1).reason());
    assertTrue(attempts.get(1).endedAt() != null);
  }

  private StatusReply<SubmissionView> adjust(ScoreAdjustment.Mode mode, double points) {
    return entity
        .<StatusReply<SubmissionView>>runCommand(
            replyTo ->
                new Submission.Adjust(
                    new ScoreAdjustment(
                        mode, points, "see the comments in main.py", "tess", Instant.now()),
                    replyTo))
        .reply();
  }

  @Test
  void aScoreIsAdjustedOnlyOnceThereIsOneAndTheAdjustmentOutlivesARegrade() {
    receive();
    StatusReply<SubmissionView> early = adjust(ScoreAdjustment.Mode.ADD, 1);
    assertTrue(early.isError());
    assertEquals(Submission.NOT_GRADED, early.getError().getMessage());
    entity.runCommand(new Submission.MarkRunning(1, "r1/1", Instant.now()));
    record(1, result(Verdict.WRONG_ANSWER, 0));
    assertEquals(
        ScoreAdjustment.Mode.SET,
        adjust(ScoreAdjustment.Mode.SET, 1.5).getValue().adjustment().mode());
    assertEquals("tess", view().adjustment().actor());
    entity.<StatusReply<GradingJob>>runCommand(
        replyTo -> new Submission.Regrade("b1", "spec2", "tess", Instant.now(), replyTo));
    assertEquals(1.5, view().adjustment().points(), "a regrade keeps staff's adjustment");
    assertTrue(
        adjust(ScoreAdjustment.Mode.ADD, -1).isSuccess(),
        "the earlier grade can be adjusted mid-regrade");
    var removed =
        entity.<StatusReply<SubmissionView>>runCommand(
            replyTo -> new Submission.RemoveAdjustment("tess", Instant.now(), replyTo));
    assertEquals(null, removed.reply().getValue().adjustment());
    var again =
        entity.<StatusReply<SubmissionView>>runCommand(
            replyTo -> new Submission.RemoveAdjustment("tess", Instant.now(), replyTo));
    assertTrue(again.reply().isSuccess());
    assertTrue(again.events().isEmpty(), "nothing to take back records nothing");
  }

  @Test
  void aPickIsRecordedWithItsTime() {
    receive();
    Instant at = Instant.parse("2026-11-23T11:00:00Z");
    var chosen =
        entity.<StatusReply<SubmissionView>>runCommand(
            replyTo -> new Submission.Choose("ada", at, replyTo));
    assertEquals(at, chosen.reply().getValue().chosenAt());
    assertEquals(List.of(new Submission.SubmissionChosen("ada", at)), chosen.events());
  }

  @Test
  void aSubmissionTellsWhereItsFilesAreAndAnUnknownOneTellsNothing() {
    assertEquals(
        Optional.empty(),
        entity.<Submission.FilesHash>runCommand(Submission.GetFilesHash::new).reply().hash());
    receive();
    assertEquals(
        Optional.of("files"),
        entity.<Submission.FilesHash>runCommand(Submission.GetFilesHash::new).reply().hash());
  }

  @Test
  void aReceivedSubmissionIsQueuedThenRunningThenGraded() {
    SubmissionView received = receive();
    assertEquals(SubmissionStatus.QUEUED, received.status());
    assertEquals(List.of("main.py"), received.files());
    entity.runCommand(new Submission.MarkRunning(1, "runner/1", Instant.now()));
    assertEquals(SubmissionStatus.RUNNING, view().status());
    assertTrue(record(1, result(Verdict.ACCEPTED, 2)).isSuccess());
    SubmissionView graded = view();
    assertEquals(SubmissionStatus.GRADED, graded.status());
    assertEquals(Verdict.ACCEPTED, graded.result().orElseThrow().verdict());
    assertTrue(graded.gradedAt().isPresent());
  }

  @Test
  void aDuplicateResultIsAcknowledgedButNotRecorded() {
    receive();
    entity.runCommand(new Submission.MarkRunning(1, "runner/1", Instant.now()));
    record(1, result(Verdict.ACCEPTED, 2));
    var again =
        entity.<StatusReply<Done>>runCommand(
            replyTo ->
                new Submission.RecordResult(
                    1, result(Verdict.WRONG_ANSWER, 0), Instant.now(), replyTo));
    assertTrue(again.reply().isSuccess());
    assertTrue(again.events().isEmpty());
    assertEquals(Verdict.ACCEPTED, view().result().orElseThrow().verdict());
  }

  @Test
  void aResultOfASupersededAttemptIsIgnored() {
    receive();
    entity.runCommand(new Submission.MarkRunning(1, "runner/1", Instant.now()));
    entity.runCommand(new Submission.MarkRunning(2, "runner/2", Instant.now()));
    var stale =
        entity.<StatusReply<Done>>runCommand(
            replyTo ->
                new Submission.RecordResult(
                    1, result(Verdict.WRONG_ANSWER, 0), Instant.now(), replyTo));
    assertTrue(stale.reply().isSuccess());
    assertTrue(stale.events().isEmpty());
    record(2, result(Verdict.ACCEPTED, 2));
    assertEquals(2, view().attempt());
    assertEquals(Verdict.ACCEPTED, view().result().orElseThrow().verdict());
  }

  @Test
  void onlyTheAttemptTheSchedulerStartedIsGraded() {
    receive();
    var unleased =
        entity.<StatusReply<Done>>runCommand(
            replyTo ->
                new Submission.RecordResult(
                    1, result(Verdict.ACCEPTED, 2), Instant.now(), replyTo));
    assertTrue(unleased.reply().isError(), "no attempt was started");
    assertTrue(unleased.events().isEmpty());
    entity.runCommand(new Submission.MarkRunning(1, "runner/1", Instant.now()));
    var ahead =
        entity.<StatusReply<Done>>runCommand(
            replyTo ->
                new Submission.RecordResult(
                    2, result(Verdict.ACCEPTED, 2), Instant.now(), replyTo));
    assertTrue(ahead.reply().isError(), "attempt 2 was never leased");
    assertTrue(ahead.events().isEmpty());
    assertEquals(SubmissionStatus.RUNNING, view().status());
    assertTrue(record(1, result(Verdict.WRONG_ANSWER, 0)).isSuccess());
    assertEquals(Verdict.WRONG_ANSWER, view().result().orElseThrow().verdict());
  }

  @Test
  void aResultForAnUnknownSubmissionIsAnError() {
    assertTrue(record(1, result(Verdict.ACCEPTED, 2)).isError());
    assertTrue(
        entity.<Submission.Lookup>runCommand(Submission.Get::new).reply().submission().isEmpty());
  }

  @Test
  void theSubmissionAndItsResultSurviveARestart() {
    receive();
    entity.runCommand(new Submission.MarkRunning(1, "runner/1", Instant.now()));
    record(1, result(Verdict.WRONG_ANSWER, 0));
    SubmissionView before = view();
    entity.restart();
    assertEquals(before, view());
  }

  private StatusReply<GradingJob> regrade(String batch) {
    return entity
        .<StatusReply<GradingJob>>runCommand(
            replyTo -> new Submission.Regrade(batch, "spec-2", "ta1", Instant.now(), replyTo))
        .reply();
  }

  @Test
  void aRegradeStartsANewRoundWhoseAttemptsFollowTheOldOnes() {
    receive();
    entity.runCommand(new Submission.MarkRunning(1, "r/1", Instant.now()));
    entity.runCommand(new Submission.MarkRunning(2, "r/2", Instant.now()));
    record(2, result(Verdict.WRONG_ANSWER, 0));
    GradingJob job = regrade("batch-1").getValue();
    assertEquals(3, job.attempt());
    assertEquals(1, job.triesInRound());
    assertEquals("spec-2", job.specHash());
    assertEquals(JobPriority.REGRADE, job.priority());
    assertEquals(SubmissionStatus.QUEUED, view().status());
    assertEquals(2, view().round());
    record(2, result(Verdict.ACCEPTED, 2));
    assertEquals(
        SubmissionStatus.QUEUED, view().status(), "a late result of the first round is ignored");
    entity.runCommand(new Submission.MarkRunning(3, "r/3", Instant.now()));
    record(3, result(Verdict.ACCEPTED, 2));
    assertEquals(Verdict.ACCEPTED, view().result().orElseThrow().verdict());
    assertEquals("batch-1", view().regradeBatch());
  }

  @Test
  void theAttemptThatGaveTheOldGradeStillShowsHowItEndedAfterARegrade() {
    receive();
    entity.runCommand(new Submission.MarkRunning(1, "r/1", Instant.now()));
    record(1, result(Verdict.WRONG_ANSWER, 0));
    regrade("batch-1");
    SubmissionView.Attempt first = view().attempts().get(0);
    assertEquals(SubmissionView.Ending.GRADED, first.ending(), "not running: " + first);
    assertEquals("WRONG_ANSWER", first.reason());
    assertTrue(first.endedAt() != null);
    entity.runCommand(new Submission.MarkRunning(2, "r/2", Instant.now()));
    record(2, result(Verdict.ACCEPTED, 2));
    entity.restart();
    List<SubmissionView.Attempt> attempts = view().attempts();
    assertEquals(
        List.of(SubmissionView.Ending.GRADED, SubmissionView.Ending.GRADED),
        attempts.stream().map(SubmissionView.Attempt::ending).toList(),
        "the same after recovery: " + attempts);
    assertEquals(
        List.of("WRONG_ANSWER", "ACCEPTED"),
        attempts.stream().map(SubmissionView.Attempt::reason).toList());
  }

  @Test
  void aSubmissionBeingGradedCannotBeRegraded() {
    receive();
    assertEquals(Submission.IN_PROGRESS, regrade(null).getError().getMessage());
  }

  @Test
  void anInfrastructureErrorGivesTheStudentsRunBack() {
    receive();
    entity.runCommand(new Submission.MarkRunning(1, "r/1", Instant.now()));
    record(1, GradingResult.infrastructureFailure("the runner's disk failed", 2));
    assertEquals(List.of("a1/ada/s1"), refunded);
    record(1, result(Verdict.ACCEPTED, 2));
    assertEquals(List.of("a1/ada/s1"), refunded, "once");
  }

  @Test
  void anInfrastructureErrorGivesAPracticeRunBackToThePracticeAllowance() {
    receive(JobPriority.PRACTICE);
    entity.runCommand(new Submission.MarkRunning(1, "r/1", Instant.now()));
    record(1, GradingResult.infrastructureFailure("the engine stopped answering", 2));
    assertEquals(List.of("practice a1/ada/s1"), refunded);
  }
}
