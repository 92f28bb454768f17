package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.RunnerMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The queue's dispatch, lease and retry rules, with probes for runners and an in-memory ledger. */
class FlavourQueueTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Records what the queue reports, as the Submission entities would. */
  static final class MemoryLedger implements SubmissionLedger {
    final List<JobLease> started = new CopyOnWriteArrayList<>();
    final List<String> graded = new CopyOnWriteArrayList<>();

    @Override
    public void started(JobLease lease) {
      started.add(lease);
    }

    @Override
    public CompletionStage<Done> graded(String submissionId, int attempt, GradingResult result) {
      graded.add(submissionId + "#" + attempt + ":" + result.verdict());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  private final MemoryLedger ledger = new MemoryLedger();
  private final ActorRef<FlavourQueue.Command> queue =
      testKit.spawn(FlavourQueue.create(new FlavourQueue.Settings("default", "http://api", 3), ledger));

  private static GradingJob job(String id) {
    return new GradingJob(id, "a1", "ada", "default", "spec", "files", 1, Instant.now(), JobPriority.INTERACTIVE);
  }

  private static GradingResult result(Verdict verdict) {
    return GradingResult.of(verdict, 0, 1, "", List.of(), "");
  }

  /** A runner that can be killed: it forwards everything to a probe. */
  private ActorRef<RunnerMessage> runner(TestProbe<RunnerMessage> probe) {
    return testKit.spawn(Behaviors.<RunnerMessage>receiveMessage(m -> {
      probe.ref().tell(m);
      return Behaviors.same();
    }));
  }

  private JobLease offered(TestProbe<RunnerMessage> probe) {
    return probe.expectMessageClass(RunnerMessage.JobOffered.class).lease();
  }

  @Test
  void aQueuedJobGoesToTheNextIdleRunnerAndIsRecordedAsStarted() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    JobLease lease = offered(probe);
    assertEquals("s1", lease.submissionId());
    assertEquals(1, lease.attempt());
    assertEquals("r1", lease.runnerId());
    assertEquals("http://api", lease.blobBaseUrl());
    probe.awaitAssert(() -> {
      assertEquals(1, ledger.started.size());
      return null;
    });
  }

  @Test
  void jobsGoOutInArrivalOrderAndARunnerAskingTwiceGetsOneJob() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Offer(job("s2")));
    assertEquals("s1", offered(probe).submissionId());
    probe.expectNoMessage(Duration.ofMillis(200));
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    assertEquals("s2", offered(probe).submissionId());
  }

  @Test
  void theSameSubmissionIsNotQueuedTwice() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    offered(probe);
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    probe.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aRunnerKilledMidJobHasItsJobGradedByAnotherWithTheNextAttempt() {
    TestProbe<RunnerMessage> firstProbe = testKit.createTestProbe();
    TestProbe<RunnerMessage> secondProbe = testKit.createTestProbe();
    ActorRef<RunnerMessage> first = runner(firstProbe);
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Pull("r1", first));
    assertEquals(1, offered(firstProbe).attempt());
    queue.tell(new FlavourQueue.Pull("r2", secondProbe.ref()));
    secondProbe.expectNoMessage(Duration.ofMillis(100));

    testKit.stop(first);
    JobLease retry = offered(secondProbe);
    assertEquals("s1", retry.submissionId());
    assertEquals(2, retry.attempt());
    queue.tell(new FlavourQueue.Finished(retry, result(Verdict.ACCEPTED), secondProbe.ref()));
    secondProbe.expectMessage(new RunnerMessage.ResultRecorded("s1", 2));
    assertEquals(List.of("s1#2:ACCEPTED"), ledger.graded);
  }

  @Test
  void aJobWhoseRunnersKeepDyingEndsAsAnInfrastructureError() {
    queue.tell(new FlavourQueue.Offer(job("s1")));
    for (int attempt = 1; attempt <= 3; attempt++) {
      TestProbe<RunnerMessage> probe = testKit.createTestProbe();
      ActorRef<RunnerMessage> doomed = runner(probe);
      queue.tell(new FlavourQueue.Pull("r" + attempt, doomed));
      assertEquals(attempt, offered(probe).attempt());
      testKit.stop(doomed);
    }
    TestProbe<RunnerMessage> waiting = testKit.createTestProbe();
    waiting.awaitAssert(() -> {
      assertEquals(List.of("s1#3:INFRA_ERROR"), ledger.graded);
      return null;
    });
    queue.tell(new FlavourQueue.Pull("r4", waiting.ref()));
    waiting.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void anInfrastructureFailureIsTriedAgainInsteadOfRecorded() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    JobLease first = offered(probe);
    queue.tell(new FlavourQueue.Finished(first, result(Verdict.INFRA_ERROR), probe.ref()));
    probe.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    queue.tell(new FlavourQueue.Pull("r1", probe.ref()));
    assertEquals(2, offered(probe).attempt());
    assertEquals(List.of(), ledger.graded);
  }

  @Test
  void aDeclinedOfferGoesBackToTheHeadWithTheSameAttempt() {
    TestProbe<RunnerMessage> busy = testKit.createTestProbe();
    TestProbe<RunnerMessage> idle = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Offer(job("s1")));
    queue.tell(new FlavourQueue.Offer(job("s2")));
    queue.tell(new FlavourQueue.Pull("busy", busy.ref()));
    JobLease declined = offered(busy);
    queue.tell(new FlavourQueue.Decline(declined));
    queue.tell(new FlavourQueue.Pull("idle", idle.ref()));
    JobLease lease = offered(idle);
    assertEquals("s1", lease.submissionId());
    assertEquals(1, lease.attempt());
  }

  @Test
  void aResultForAnUnknownLeaseIsStillRecordedForTheEntityToJudge() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    JobLease stale = new JobLease(job("s9"), "r1", "http://api");
    queue.tell(new FlavourQueue.Finished(stale, result(Verdict.WRONG_ANSWER), probe.ref()));
    probe.expectMessage(new RunnerMessage.ResultRecorded("s9", 1));
    assertEquals(List.of("s9#1:WRONG_ANSWER"), ledger.graded);
  }
}
