package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.blob.BlobCommand;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.Admission;
import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.JobStatus;
import dev.autograder.queue.Progress;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.submission.view.SubmissionView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The queue's dispatch, lease, admission and rebuild rules, with probes for runners. */
class FlavourQueueTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ActorRef<BlobCommand> NO_BLOBS = testKit.system().ignoreRef();
  private static final Duration LEASE = Duration.ofMillis(900);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Records what the queue reports, as the Submission entities would. */
  static final class MemoryLedger implements SubmissionLedger {
    final List<JobLease> started = new CopyOnWriteArrayList<>();
    final List<String> graded = new CopyOnWriteArrayList<>();
    final List<String> ended = new CopyOnWriteArrayList<>();

    /** While set, recording a result waits until the test completes it. */
    volatile CompletableFuture<Done> slowRecording;

    /** While set, recording a result fails and records nothing (the entity did not answer). */
    volatile boolean failing;

    @Override
    public void started(JobLease lease) {
      started.add(lease);
    }

    @Override
    public void ended(JobLease lease, SubmissionView.Ending ending, String reason) {
      ended.add(lease.submissionId() + "#" + lease.attempt() + ":" + ending);
    }

    @Override
    public CompletionStage<Done> graded(JobLease lease, GradingResult result) {
      if (failing) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("the entity did not answer"));
      }
      graded.add(lease.submissionId() + "#" + lease.attempt() + ":" + result.verdict());
      return slowRecording != null
          ? slowRecording
          : CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  /** The read side's pending jobs, as a test sets them. */
  static final class MemoryPending implements PendingJobs {
    volatile List<PendingJob> jobs = List.of();

    @Override
    public CompletionStage<List<PendingJob>> load(String flavour) {
      return CompletableFuture.completedFuture(jobs);
    }
  }

  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryPending pending = new MemoryPending();

  private ActorRef<FlavourQueue.Command> queue(int capacity) {
    return queue(capacity, Duration.ofSeconds(60));
  }

  private ActorRef<FlavourQueue.Command> queue(int capacity, Duration idleTtl) {
    return testKit.spawn(
        FlavourQueue.create(
            new FlavourQueue.Settings(
                "default",
                NO_BLOBS,
                3,
                capacity,
                LEASE,
                Duration.ofSeconds(60),
                Duration.ofMillis(300),
                idleTtl),
            ledger,
            pending));
  }

  private final ActorRef<FlavourQueue.Command> queue = queue(100);

  private static GradingJob job(String id) {
    return job(id, "ada");
  }

  private static GradingJob job(String id, String student) {
    return new GradingJob(
        id, "a1", student, "default", "spec", "files", 1, Instant.now(), JobPriority.INTERACTIVE);
  }

  private static GradingResult result(Verdict verdict) {
    return GradingResult.of(verdict, 0, 1, "", List.of(), "");
  }

  /** Admitted and confirmed, as the API does once the submission is recorded. */
  private void submit(ActorRef<FlavourQueue.Command> q, GradingJob job) {
    TestProbe<Admission> admission = testKit.createTestProbe();
    q.tell(new FlavourQueue.Admit(job, admission.ref()));
    admission.expectMessageClass(Admission.Admitted.class);
    q.tell(new FlavourQueue.Confirm(job.submissionId()));
  }

  private void pull(ActorRef<FlavourQueue.Command> q, String id, ActorRef<RunnerMessage> runner) {
    q.tell(new FlavourQueue.Pull(id, 2, runner));
  }

  /** A runner that can be killed: it forwards everything to a probe. */
  private ActorRef<RunnerMessage> runner(TestProbe<RunnerMessage> probe) {
    return testKit.spawn(
        Behaviors.<RunnerMessage>receiveMessage(
            m -> {
              probe.ref().tell(m);
              return Behaviors.same();
            }));
  }

  private JobLease offered(TestProbe<RunnerMessage> probe) {
    return probe.expectMessageClass(RunnerMessage.JobOffered.class).lease();
  }

  private JobStatus status(ActorRef<FlavourQueue.Command> q, String id) {
    TestProbe<JobStatus> probe = testKit.createTestProbe();
    q.tell(new FlavourQueue.Status(id, probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void aWatcherIsToldWhereItsJobIsAtOnceAndAgainOnlyWhenThatChanges() {
    // Leases that outlast the test: a lost one would rightly be told too.
    ActorRef<FlavourQueue.Command> queue =
        testKit.spawn(
            FlavourQueue.create(
                new FlavourQueue.Settings(
                    "default",
                    NO_BLOBS,
                    3,
                    100,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(60),
                    Duration.ofMillis(300),
                    Duration.ofSeconds(60)),
                ledger,
                pending));
    submit(queue, job("s1", "ada"));
    submit(queue, job("s2", "bob"));
    TestProbe<JobStatus> watcher = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Watch("s2", watcher.ref()));
    JobStatus now = watcher.receiveMessage();
    assertEquals(JobStatus.State.WAITING, now.state());
    assertEquals(1, now.ahead());
    // The queue ticks meanwhile; nothing the watcher sees changes, so it is told nothing.
    watcher.expectNoMessage(Duration.ofMillis(600));

    TestProbe<RunnerMessage> first = testKit.createTestProbe();
    pull(queue, "r1", first.ref());
    assertEquals("s1", offered(first).submissionId());
    JobStatus moved = watcher.receiveMessage();
    assertEquals(JobStatus.State.WAITING, moved.state());
    assertEquals(0, moved.ahead());

    TestProbe<RunnerMessage> second = testKit.createTestProbe();
    pull(queue, "r2", second.ref());
    JobLease lease = offered(second);
    assertEquals(JobStatus.State.RUNNING, watcher.receiveMessage().state());
    queue.tell(
        new FlavourQueue.Renew(lease, new Progress(Progress.Phase.TESTING, 1, 3), second.ref()));
    assertEquals(new Progress(Progress.Phase.TESTING, 1, 3), watcher.receiveMessage().progress());
    watcher.expectNoMessage(Duration.ofMillis(400));
  }

  @Test
  void aQueuedJobGoesToTheNextIdleRunnerAndIsRecordedAsStarted() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "r1", probe.ref());
    JobLease lease = offered(probe);
    assertEquals("s1", lease.submissionId());
    assertEquals(1, lease.attempt());
    assertEquals("r1", lease.runnerId());
    assertEquals(LEASE.toMillis() / 3, lease.renewEveryMillis());
    probe.awaitAssert(
        () -> {
          assertEquals(1, ledger.started.size());
          return null;
        });
  }

  @Test
  void aSetupCheckAskedForAgainAfterItsOutcomeIsRecordedIsNotRunAgain() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    GradingJob check = GradingJob.setupCheck("hw1", 1, "default", "spec", Instant.now());
    submit(queue, check);
    submit(queue, check);
    pull(queue, "r1", probe.ref());
    JobLease lease = offered(probe);
    queue.tell(
        new FlavourQueue.Finished(
            lease, SetupReport.failed("setup.sh: exit 3").asResult(), probe.ref()));
    probe.expectMessageClass(RunnerMessage.ResultRecorded.class);
    submit(queue, check);
    pull(queue, "r1", probe.ref());
    probe.expectNoMessage(Duration.ofMillis(300));
    assertEquals(
        List.of(check.submissionId() + "#1:WRONG_ANSWER"),
        ledger.graded,
        "recorded once, as a failed setup");
  }

  @Test
  void anAdmittedJobWaitsForItsConfirmationAndACancelledOneNeverRuns() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    TestProbe<Admission> admission = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Admit(job("s1"), admission.ref()));
    queue.tell(new FlavourQueue.Admit(job("s2"), admission.ref()));
    pull(queue, "r1", probe.ref());
    probe.expectNoMessage(Duration.ofMillis(200));
    queue.tell(new FlavourQueue.Cancel("s1"));
    queue.tell(new FlavourQueue.Confirm("s1"));
    queue.tell(new FlavourQueue.Confirm("s2"));
    assertEquals("s2", offered(probe).submissionId());
  }

  @Test
  void aFullQueueRefusesAndSaysWhenToComeBack() {
    ActorRef<FlavourQueue.Command> small = queue(2);
    submit(small, job("s1"));
    submit(small, job("s2"));
    TestProbe<Admission> admission = testKit.createTestProbe();
    small.tell(new FlavourQueue.Admit(job("s3"), admission.ref()));
    Admission.QueueFull full =
        assertInstanceOf(Admission.QueueFull.class, admission.receiveMessage());
    assertEquals(2, full.queued());
    assertTrue(full.retryAfterSeconds() >= 1);
  }

  /** A queue where one student may have 2 interactive submissions waiting. */
  private ActorRef<FlavourQueue.Command> twoPerStudent() {
    return testKit.spawn(
        FlavourQueue.create(
            new FlavourQueue.Settings(
                    "default",
                    NO_BLOBS,
                    3,
                    100,
                    LEASE,
                    Duration.ofSeconds(60),
                    Duration.ofMillis(300),
                    Duration.ofSeconds(60))
                .withMaxQueuedPerStudent(2),
            ledger,
            pending));
  }

  private Admission admit(ActorRef<FlavourQueue.Command> q, GradingJob job) {
    TestProbe<Admission> admission = testKit.createTestProbe();
    q.tell(new FlavourQueue.Admit(job, admission.ref()));
    return admission.receiveMessage();
  }

  @Test
  void aStudentWithTooManySubmissionsWaitingIsRefusedAndOthersAreNot() {
    ActorRef<FlavourQueue.Command> q = twoPerStudent();
    submit(q, job("a1", "alice"));
    assertInstanceOf(
        Admission.Admitted.class, admit(q, job("a2", "alice")), "an unconfirmed place counts too");
    Admission.TooManyQueued refused =
        assertInstanceOf(Admission.TooManyQueued.class, admit(q, job("a3", "alice")));
    assertEquals("alice", refused.student());
    assertEquals(2, refused.queued());
    assertEquals(2, refused.limit());
    assertTrue(refused.retryAfterSeconds() >= 1, "Retry-After " + refused.retryAfterSeconds());
    assertInstanceOf(
        Admission.Admitted.class,
        admit(q, job("a2", "alice")),
        "a place already held is still held");
    assertInstanceOf(
        Admission.Admitted.class, admit(q, job("b1", "bob")), "another student is not refused");
    GradingJob regrade =
        new GradingJob(
            "old",
            "a1",
            "alice",
            "default",
            "spec",
            "files",
            2,
            Instant.now(),
            JobPriority.REGRADE,
            2);
    assertInstanceOf(
        Admission.Admitted.class, admit(q, regrade), "a regrade by staff is not the student's");

    TestProbe<FlavourStatus> snapshot = testKit.createTestProbe();
    q.tell(new FlavourQueue.Snapshot(snapshot.ref()));
    assertEquals(4, snapshot.receiveMessage().waiting(), "the refused submission holds no place");
  }

  @Test
  void aStudentMaySubmitAgainOnceTheirSubmissionsStartOrAreGivenUp() {
    ActorRef<FlavourQueue.Command> q = twoPerStudent();
    submit(q, job("a1", "alice"));
    submit(q, job("a2", "alice"));
    assertInstanceOf(Admission.TooManyQueued.class, admit(q, job("a3", "alice")));
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    pull(q, "r1", probe.ref());
    assertEquals("a1", offered(probe).submissionId());
    assertInstanceOf(
        Admission.Admitted.class,
        admit(q, job("a3", "alice")),
        "a running submission does not count");
    assertInstanceOf(Admission.TooManyQueued.class, admit(q, job("a4", "alice")));
    q.tell(new FlavourQueue.Cancel("a3"));
    assertInstanceOf(
        Admission.Admitted.class, admit(q, job("a4", "alice")), "a cancelled place is free again");
  }

  @Test
  void theRetryAfterOfAStudentIsWhenTheirFirstWaitingSubmissionLikelyStarts() {
    ActorRef<FlavourQueue.Command> q = twoPerStudent();
    for (String other : List.of("bob", "carol", "dave")) {
      submit(q, job(other + "1", other));
    }
    submit(q, job("a1", "alice"));
    submit(q, job("a2", "alice"));
    long noRunner =
        assertInstanceOf(Admission.TooManyQueued.class, admit(q, job("a3", "alice")))
            .retryAfterSeconds();
    assertEquals(30, noRunner, "with no runner, as for a full queue");
    TestProbe<RunnerMessage> runner = testKit.createTestProbe();
    pull(q, "r1", runner.ref());
    assertEquals("bob1", offered(runner).submissionId());
    // carol1 and dave1 go before a1: (2 + 1) jobs for the one runner at the first estimate of 5 s
    // each.
    long oneRunner =
        assertInstanceOf(Admission.TooManyQueued.class, admit(q, job("a3", "alice")))
            .retryAfterSeconds();
    assertEquals(15, oneRunner);
  }

  @Test
  void aRunnerThatAsksTwiceGetsOneJob() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    pull(queue, "r1", probe.ref());
    pull(queue, "r1", probe.ref());
    submit(queue, job("s1"));
    submit(queue, job("s2"));
    assertEquals("s1", offered(probe).submissionId());
    probe.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aRunnerKilledMidJobHasItsJobGradedByAnotherWithTheNextAttempt() {
    TestProbe<RunnerMessage> firstProbe = testKit.createTestProbe();
    TestProbe<RunnerMessage> secondProbe = testKit.createTestProbe();
    ActorRef<RunnerMessage> first = runner(firstProbe);
    submit(queue, job("s1"));
    pull(queue, "r1", first);
    assertEquals(1, offered(firstProbe).attempt());
    pull(queue, "r2", secondProbe.ref());
    testKit.stop(first);
    JobLease retry = offered(secondProbe);
    assertEquals(2, retry.attempt());
    queue.tell(new FlavourQueue.Finished(retry, result(Verdict.ACCEPTED), secondProbe.ref()));
    secondProbe.expectMessage(new RunnerMessage.ResultRecorded("s1", 2));
    assertEquals(List.of("s1#2:ACCEPTED"), ledger.graded);
  }

  @Test
  void anIdleRunnerThatStopsAskingIsOfferedNothingButOneThatAsksAgainKeepsItsPlace()
      throws Exception {
    ActorRef<FlavourQueue.Command> queue = queue(100, Duration.ofMillis(600));
    TestProbe<RunnerMessage> silent = testKit.createTestProbe();
    TestProbe<RunnerMessage> asking = testKit.createTestProbe();
    pull(queue, "silent", silent.ref());
    pull(queue, "asking", asking.ref());
    for (int i = 0; i < 4; i++) {
      Thread.sleep(250);
      pull(queue, "asking", asking.ref());
    }
    submit(queue, job("s1"));
    assertEquals("s1", offered(asking).submissionId());
    submit(queue, job("s2"));
    silent.expectNoMessage(Duration.ofMillis(300));
    TestProbe<RunnerMessage> late = testKit.createTestProbe();
    pull(queue, "late", late.ref());
    assertEquals(
        "s2", offered(late).submissionId(), "the job waited for a runner that is still there");
  }

  @Test
  void anIdleTimeThatWouldLeaveEveryRunnerStaleIsRefused() {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new FlavourQueue.Settings(
                      "default",
                      NO_BLOBS,
                      3,
                      100,
                      LEASE,
                      Duration.ofSeconds(60),
                      Duration.ofMillis(300),
                      bad));
      assertTrue(e.getMessage().contains("idle-runner-ttl must be positive"), e.getMessage());
    }
  }

  @Test
  void aLeaseThatIsNotRenewedIsLostButARenewedOneIsKept() {
    TestProbe<RunnerMessage> silent = testKit.createTestProbe();
    TestProbe<RunnerMessage> busy = testKit.createTestProbe();
    TestProbe<RunnerMessage> spare = testKit.createTestProbe();
    submit(queue, job("quiet"));
    pull(queue, "silent", silent.ref());
    offered(silent);
    submit(queue, job("loud"));
    pull(queue, "busy", busy.ref());
    JobLease kept = offered(busy);
    for (int i = 0; i < 6; i++) {
      queue.tell(
          new FlavourQueue.Renew(kept, new Progress(Progress.Phase.TESTING, i + 1, 6), busy.ref()));
      busy.expectNoMessage(Duration.ofMillis(250));
    }
    pull(queue, "spare", spare.ref());
    JobLease retried = offered(spare);
    assertEquals("quiet", retried.submissionId(), "the silent runner's lease expired");
    assertEquals(2, retried.attempt());
    JobStatus running = status(queue, "loud");
    assertEquals(JobStatus.State.RUNNING, running.state());
    assertEquals(new Progress(Progress.Phase.TESTING, 6, 6), running.progress());
  }

  /** A queue allowing 3 failed attempts and 5 attempts lost with runner nodes. */
  private ActorRef<FlavourQueue.Command> twoBudgets(RunnerNodes nodes) {
    return testKit.spawn(
        FlavourQueue.create(
            new FlavourQueue.Settings(
                "default",
                NO_BLOBS,
                3,
                100,
                LEASE,
                Duration.ofSeconds(60),
                Duration.ofMillis(300),
                Duration.ofSeconds(60),
                5),
            ledger,
            pending,
            nodes));
  }

  /** Offers the job to a runner and stops the runner: its node died under the job. */
  private int loseWithItsRunner(ActorRef<FlavourQueue.Command> q, String runnerId) {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    ActorRef<RunnerMessage> doomed = runner(probe);
    pull(q, runnerId, doomed);
    int attempt = offered(probe).attempt();
    testKit.stop(doomed);
    return attempt;
  }

  @Test
  void attemptsLostWithRunnerNodesDoNotUseUpTheAttemptsButHaveABoundOfTheirOwn() {
    ActorRef<FlavourQueue.Command> q = twoBudgets(RunnerNodes.ALL);
    submit(q, job("s1"));
    // Four runner nodes die under it: more than max-attempts (3), fewer than max-runner-losses (5).
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertEquals(attempt, loseWithItsRunner(q, "dying" + attempt));
    }
    // Then the sandbox fails twice: 2 of the 3 attempts are used, so it is tried again.
    TestProbe<RunnerMessage> flaky = testKit.createTestProbe();
    for (int attempt = 5; attempt <= 6; attempt++) {
      pull(q, "flaky", flaky.ref());
      JobLease lease = offered(flaky);
      assertEquals(attempt, lease.attempt());
      q.tell(new FlavourQueue.Finished(lease, result(Verdict.INFRA_ERROR), flaky.ref()));
      flaky.expectMessage(new RunnerMessage.ResultRecorded("s1", attempt));
    }
    assertEquals(List.of(), ledger.graded, "4 runner losses and 2 failures are not the end");
    // A fifth node dying under it uses up the runner-loss bound: a job that brings down every
    // runner it is given ends.
    assertEquals(7, loseWithItsRunner(q, "dying5"));
    TestProbe<RunnerMessage> waiting = testKit.createTestProbe();
    waiting.awaitAssert(
        () -> {
          assertEquals(List.of("s1#7:INFRA_ERROR"), ledger.graded);
          return null;
        });
    assertEquals(
        List.of(
            "s1#1:RUNNER_LOST",
            "s1#2:RUNNER_LOST",
            "s1#3:RUNNER_LOST",
            "s1#4:RUNNER_LOST",
            "s1#5:SANDBOX_FAILED",
            "s1#6:SANDBOX_FAILED",
            "s1#7:RUNNER_LOST"),
        ledger.ended);
    pull(q, "r8", waiting.ref());
    waiting.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void failedAttemptsEndTheJobAfterMaxAttemptsWhateverRunnerNodesWereLostBetween() {
    ActorRef<FlavourQueue.Command> q = twoBudgets(RunnerNodes.ALL);
    submit(q, job("s1"));
    TestProbe<RunnerMessage> flaky = testKit.createTestProbe();
    int attempt = 0;
    for (int failure = 1; failure <= 3; failure++) {
      loseWithItsRunner(q, "dying" + failure);
      pull(q, "flaky", flaky.ref());
      JobLease lease = offered(flaky);
      attempt = lease.attempt();
      q.tell(new FlavourQueue.Finished(lease, result(Verdict.INFRA_ERROR), flaky.ref()));
      flaky.expectMessage(new RunnerMessage.ResultRecorded("s1", attempt));
    }
    int last = attempt;
    flaky.awaitAssert(
        () -> {
          assertEquals(
              List.of("s1#" + last + ":INFRA_ERROR"), ledger.graded, "the third failure is final");
          return null;
        });
    assertEquals(6, last);
  }

  @Test
  void aRunnerWhoseNodeIsNotUpIsOfferedNothingUntilItIs() {
    // A runner node restarted on the same address asks while it is still joining: watching it
    // would fire at once on the old incarnation's tombstone and lose the job it was just given.
    Set<ActorRef<?>> up = ConcurrentHashMap.newKeySet();
    ActorRef<FlavourQueue.Command> q = twoBudgets(up::contains);
    TestProbe<RunnerMessage> joining = testKit.createTestProbe();
    submit(q, job("s1"));
    pull(q, "joining", joining.ref());
    joining.expectNoMessage(Duration.ofMillis(300));
    up.add(joining.ref());
    pull(q, "joining", joining.ref());
    JobLease lease = offered(joining);
    assertEquals(1, lease.attempt(), "no attempt was used while it joined");
    assertEquals(List.of(), ledger.ended);
  }

  @Test
  void aLeaseThatRunsOutOnANodeThatIsNoLongerReachableIsLostWithItsNode() throws Exception {
    Set<ActorRef<?>> up = ConcurrentHashMap.newKeySet();
    Duration lease = Duration.ofSeconds(2);
    ActorRef<FlavourQueue.Command> q =
        testKit.spawn(
            FlavourQueue.create(
                new FlavourQueue.Settings(
                    "default",
                    NO_BLOBS,
                    3,
                    100,
                    lease,
                    Duration.ofSeconds(60),
                    Duration.ofMillis(300),
                    Duration.ofSeconds(60),
                    5),
                ledger,
                pending,
                up::contains));
    TestProbe<RunnerMessage> killed = testKit.createTestProbe();
    TestProbe<RunnerMessage> late = testKit.createTestProbe();
    TestProbe<RunnerMessage> silent = testKit.createTestProbe();
    up.addAll(List.of(killed.ref(), late.ref(), silent.ref()));
    submit(q, job("s1"));
    pull(q, "killed", killed.ref());
    offered(killed);
    submit(q, job("s2"));
    pull(q, "late", late.ref());
    offered(late);
    submit(q, job("s3"));
    pull(q, "silent", silent.ref());
    offered(silent);
    // The killed runner's node is unreachable when its lease runs out (the cluster has not downed
    // it yet). The late one's is seen unreachable only after its lease ran out, within the half
    // lease time more it gets. The silent one's stays up and reachable.
    up.remove(killed.ref());
    Thread.sleep(lease.toMillis() + 500);
    up.remove(late.ref());
    killed.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          assertEquals(
              List.of("s1#1:RUNNER_LOST", "s2#1:RUNNER_LOST", "s3#1:LEASE_EXPIRED"),
              ledger.ended.stream().sorted().toList());
          return null;
        });
  }

  @Test
  void anInfrastructureFailureIsTriedAgainInsteadOfRecorded() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "r1", probe.ref());
    JobLease first = offered(probe);
    queue.tell(new FlavourQueue.Finished(first, result(Verdict.INFRA_ERROR), probe.ref()));
    probe.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    pull(queue, "r1", probe.ref());
    assertEquals(2, offered(probe).attempt());
    assertEquals(List.of(), ledger.graded);
  }

  @Test
  void anInfrastructureFailureOfALeaseThisQueueDoesNotKnowIsNeverFinal() {
    // After a failover the rebuilt queue may hold the job as waiting while the old runner reports.
    pending.jobs = List.of(new PendingJobs.PendingJob(job("s1"), Optional.empty()));
    ActorRef<FlavourQueue.Command> rebuilt = queue(100);
    TestProbe<RunnerMessage> old = testKit.createTestProbe();
    old.awaitAssert(
        () -> {
          assertEquals(JobStatus.State.WAITING, status(rebuilt, "s1").state());
          return null;
        });
    rebuilt.tell(
        new FlavourQueue.Finished(
            new JobLease(job("s1"), "old/1", NO_BLOBS, 300),
            result(Verdict.INFRA_ERROR),
            old.ref()));
    old.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    assertEquals(List.of(), ledger.graded, "not recorded");
    TestProbe<RunnerMessage> fresh = testKit.createTestProbe();
    pull(rebuilt, "fresh", fresh.ref());
    assertEquals("s1", offered(fresh).submissionId(), "the job is graded again");
  }

  @Test
  void aDeclinedOfferGoesBackToTheHeadWithTheSameAttempt() {
    TestProbe<RunnerMessage> busy = testKit.createTestProbe();
    TestProbe<RunnerMessage> idle = testKit.createTestProbe();
    submit(queue, job("s1"));
    submit(queue, job("s2"));
    pull(queue, "busy", busy.ref());
    queue.tell(new FlavourQueue.Decline(offered(busy), busy.ref()));
    pull(queue, "idle", idle.ref());
    JobLease lease = offered(idle);
    assertEquals("s1", lease.submissionId());
    assertEquals(1, lease.attempt());
  }

  @Test
  void onlyTheRunnerAnOfferWentToCanDeclineIt() {
    TestProbe<RunnerMessage> holder = testKit.createTestProbe();
    TestProbe<RunnerMessage> rogue = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "holder", holder.ref());
    JobLease lease = offered(holder);
    queue.tell(new FlavourQueue.Decline(lease, rogue.ref()));
    pull(queue, "rogue", rogue.ref());
    rogue.expectNoMessage(Duration.ofMillis(300));
    assertEquals(
        JobStatus.State.RUNNING, status(queue, "s1").state(), "the holder keeps its lease");
  }

  @Test
  void aNewQueueRebuildsFromTheReadSideAndReadoptsLeasesOfRunnersThatRenew() {
    GradingJob waitingJob = job("waiting");
    GradingJob runningJob = job("running");
    GradingJob orphanJob = job("orphan");
    pending.jobs =
        List.of(
            new PendingJobs.PendingJob(waitingJob, Optional.empty()),
            new PendingJobs.PendingJob(runningJob, Optional.of("r-alive")),
            new PendingJobs.PendingJob(orphanJob, Optional.of("r-dead")));
    ActorRef<FlavourQueue.Command> rebuilt = queue(100);
    TestProbe<RunnerMessage> alive = testKit.createTestProbe();
    TestProbe<RunnerMessage> fresh = testKit.createTestProbe();
    fresh.awaitAssert(
        () -> {
          assertEquals(JobStatus.State.WAITING, status(rebuilt, "waiting").state());
          return null;
        });
    JobLease adopted = new JobLease(runningJob, "r-alive", NO_BLOBS, 300);
    for (int i = 0; i < 6; i++) {
      rebuilt.tell(new FlavourQueue.Renew(adopted, Progress.STARTING, alive.ref()));
      alive.expectNoMessage(Duration.ofMillis(250));
    }
    // No runner renewed the orphan's lease: it is tried again, ahead of the waiting job.
    pull(rebuilt, "fresh", fresh.ref());
    JobLease orphan = offered(fresh);
    assertEquals("orphan", orphan.submissionId());
    assertEquals(2, orphan.attempt());
    pull(rebuilt, "fresh", fresh.ref());
    assertEquals("waiting", offered(fresh).submissionId());
    rebuilt.tell(new FlavourQueue.Finished(adopted, result(Verdict.ACCEPTED), alive.ref()));
    alive.expectMessage(new RunnerMessage.ResultRecorded("running", 1));
    pull(rebuilt, "fresh", fresh.ref());
    fresh.expectNoMessage(Duration.ofMillis(700));
  }

  @Test
  void aWaitingJobKnowsItsPositionAndEstimatedWait() {
    for (int i = 1; i <= 5; i++) {
      submit(queue, job("a" + i, "alice"));
    }
    submit(queue, job("b1", "bob"));
    JobStatus noRunner = status(queue, "b1");
    assertEquals(JobStatus.State.WAITING, noRunner.state());
    assertEquals(1, noRunner.ahead());
    assertEquals(-1, noRunner.estimatedWaitMillis(), "no runner serves the flavour: no estimate");
    assertEquals(0, noRunner.runners());
    TestProbe<FlavourStatus> snapshot = testKit.createTestProbe();
    queue.tell(new FlavourQueue.Snapshot(snapshot.ref()));
    FlavourStatus status = snapshot.receiveMessage();
    assertEquals(6, status.waiting());
    assertEquals(0, status.runnerNodes());
  }

  @Test
  void aRegradeOfAJobGradedAMomentAgoIsQueuedAtOnce() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "r1", probe.ref());
    JobLease first = offered(probe);
    queue.tell(new FlavourQueue.Finished(first, result(Verdict.ACCEPTED), probe.ref()));
    probe.expectMessageClass(RunnerMessage.ResultRecorded.class);
    submit(
        queue,
        new GradingJob(
            "s1",
            "a1",
            "ada",
            "default",
            "spec-2",
            "files",
            2,
            Instant.now(),
            JobPriority.REGRADE,
            2));
    pull(queue, "r1", probe.ref());
    JobLease regrade = offered(probe);
    assertEquals(2, regrade.attempt());
    assertEquals("spec-2", regrade.job().specHash());
  }

  @Test
  void aJobWhoseResultIsBeingRecordedStillShowsWhereItWas() {
    TestProbe<RunnerMessage> probe = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "r1", probe.ref());
    JobLease lease = offered(probe);
    Progress last = new Progress(Progress.Phase.TESTING, 3, 3);
    queue.tell(new FlavourQueue.Renew(lease, last, probe.ref()));
    ledger.slowRecording = new CompletableFuture<>();
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.ACCEPTED), probe.ref()));
    JobStatus recording = status(queue, "s1");
    assertEquals(JobStatus.State.RUNNING, recording.state(), "never shown as starting again");
    assertEquals(last, recording.progress());
    ledger.slowRecording.complete(Done.getInstance());
    probe.expectMessageClass(RunnerMessage.ResultRecorded.class);
    assertEquals(JobStatus.State.UNKNOWN, status(queue, "s1").state());
  }

  // Results and renewals are taken from the lease's holder only.

  private void awaitGraded(List<String> expected) {
    testKit
        .createTestProbe()
        .awaitAssert(
            () -> {
              assertEquals(expected, ledger.graded);
              return null;
            });
  }

  @Test
  void aResultOrRenewalFromAnotherRunnerThanTheHolderIsDroppedAndTheHoldersIsRecorded() {
    TestProbe<RunnerMessage> holder = testKit.createTestProbe();
    TestProbe<RunnerMessage> stranger = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "holder/1", holder.ref());
    JobLease lease = offered(holder);
    // The stranger even names the holder's runner id: the lease is the holder's ActorRef's.
    queue.tell(
        new FlavourQueue.Renew(lease, new Progress(Progress.Phase.TESTING, 9, 9), stranger.ref()));
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.ACCEPTED), stranger.ref()));
    stranger.expectNoMessage(Duration.ofMillis(300));
    assertEquals(List.of(), ledger.graded, "not recorded");
    JobStatus running = status(queue, "s1");
    assertEquals(JobStatus.State.RUNNING, running.state(), "still the holder's");
    assertEquals(Progress.STARTING, running.progress(), "the stranger's progress is not shown");
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.WRONG_ANSWER), holder.ref()));
    holder.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    awaitGraded(List.of("s1#1:WRONG_ANSWER"));
  }

  @Test
  void aResultForAnEarlierOrALaterAttemptIsDroppedAndOnlyTheEarlierIsAnswered() {
    TestProbe<RunnerMessage> late = testKit.createTestProbe();
    TestProbe<RunnerMessage> next = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "late/1", late.ref());
    JobLease first = offered(late);
    // The late runner stops renewing: its lease runs out and attempt 2 goes to the next runner.
    pull(queue, "next/1", next.ref());
    JobLease second =
        next.expectMessageClass(RunnerMessage.JobOffered.class, Duration.ofSeconds(5)).lease();
    assertEquals(2, second.attempt());
    queue.tell(new FlavourQueue.Finished(first, result(Verdict.ACCEPTED), late.ref()));
    late.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    JobLease forged =
        new JobLease(
            second.job().nextAttempt(), "next/1", second.blobs(), second.renewEveryMillis());
    queue.tell(new FlavourQueue.Finished(forged, result(Verdict.ACCEPTED), next.ref()));
    next.expectNoMessage(Duration.ofMillis(300));
    assertEquals(
        List.of(),
        ledger.graded,
        "neither the superseded attempt nor one never handed out is recorded");
    queue.tell(new FlavourQueue.Finished(second, result(Verdict.COMPILE_ERROR), next.ref()));
    next.expectMessage(new RunnerMessage.ResultRecorded("s1", 2));
    awaitGraded(List.of("s1#2:COMPILE_ERROR"));
  }

  @Test
  void theHoldersResultIsRecordedOnceHoweverOftenItIsSent() {
    TestProbe<RunnerMessage> holder = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "holder/1", holder.ref());
    JobLease lease = offered(holder);
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.ACCEPTED), holder.ref()));
    holder.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    // Its answer was lost: the runner renews and sends the result again.
    queue.tell(new FlavourQueue.Renew(lease, Progress.STARTING, holder.ref()));
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.ACCEPTED), holder.ref()));
    holder.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    assertEquals(List.of("s1#1:ACCEPTED"), ledger.graded);
    assertEquals(
        JobStatus.State.UNKNOWN, status(queue, "s1").state(), "the renewal brought no lease back");
  }

  @Test
  void aResultThatCouldNotBeRecordedIsTakenAgainFromItsHolderOnly() {
    TestProbe<RunnerMessage> holder = testKit.createTestProbe();
    TestProbe<RunnerMessage> stranger = testKit.createTestProbe();
    submit(queue, job("s1"));
    pull(queue, "holder/1", holder.ref());
    JobLease lease = offered(holder);
    ledger.failing = true;
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.ACCEPTED), holder.ref()));
    holder.expectNoMessage(Duration.ofMillis(300));
    ledger.failing = false;
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.WRONG_ANSWER), stranger.ref()));
    stranger.expectNoMessage(Duration.ofMillis(300));
    assertEquals(List.of(), ledger.graded);
    queue.tell(new FlavourQueue.Finished(lease, result(Verdict.ACCEPTED), holder.ref()));
    holder.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    awaitGraded(List.of("s1#1:ACCEPTED"));
  }

  @Test
  void afterAFailoverARebuiltLeaseIsAdoptedOnlyByTheRunnerTheReadSideNames() {
    pending.jobs = List.of(new PendingJobs.PendingJob(job("s1"), Optional.of("r-alive/1")));
    ActorRef<FlavourQueue.Command> rebuilt = queue(100);
    TestProbe<RunnerMessage> alive = testKit.createTestProbe();
    TestProbe<RunnerMessage> other = testKit.createTestProbe();
    alive.awaitAssert(
        () -> {
          assertEquals(JobStatus.State.RUNNING, status(rebuilt, "s1").state());
          return null;
        });
    JobLease claimed = new JobLease(job("s1"), "r-other/1", NO_BLOBS, 300);
    rebuilt.tell(new FlavourQueue.Finished(claimed, result(Verdict.ACCEPTED), other.ref()));
    other.expectNoMessage(Duration.ofMillis(300));
    assertEquals(List.of(), ledger.graded, "another runner's claim is dropped");
    JobLease held = new JobLease(job("s1"), "r-alive/1", NO_BLOBS, 300);
    rebuilt.tell(new FlavourQueue.Finished(held, result(Verdict.ACCEPTED), alive.ref()));
    alive.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    awaitGraded(List.of("s1#1:ACCEPTED"));
  }

  @Test
  void afterAFailoverTheResultOfAJobTheReadSideHadAsWaitingIsRecordedOnceAndNotGradedAgain() {
    // The previous queue handed the job out a moment before it went; the read side had not seen it.
    pending.jobs =
        List.of(
            new PendingJobs.PendingJob(job("s1"), Optional.empty()),
            new PendingJobs.PendingJob(job("s2"), Optional.empty()));
    ActorRef<FlavourQueue.Command> rebuilt = queue(100);
    TestProbe<RunnerMessage> old = testKit.createTestProbe();
    TestProbe<RunnerMessage> fresh = testKit.createTestProbe();
    old.awaitAssert(
        () -> {
          assertEquals(JobStatus.State.WAITING, status(rebuilt, "s2").state());
          return null;
        });
    JobLease future = new JobLease(job("s1").nextAttempt(), "old/1", NO_BLOBS, 300);
    rebuilt.tell(new FlavourQueue.Finished(future, result(Verdict.ACCEPTED), old.ref()));
    old.expectNoMessage(Duration.ofMillis(300));
    assertEquals(
        JobStatus.State.WAITING,
        status(rebuilt, "s1").state(),
        "an attempt not handed out claims nothing");
    rebuilt.tell(
        new FlavourQueue.Finished(
            new JobLease(job("s1"), "old/1", NO_BLOBS, 300), result(Verdict.ACCEPTED), old.ref()));
    old.expectMessage(new RunnerMessage.ResultRecorded("s1", 1));
    awaitGraded(List.of("s1#1:ACCEPTED"));
    pull(rebuilt, "fresh/1", fresh.ref());
    assertEquals("s2", offered(fresh).submissionId(), "s1 is not graded again");
    // This queue handed s2's attempt 1 out itself: the old runner cannot claim it.
    rebuilt.tell(
        new FlavourQueue.Finished(
            new JobLease(job("s2"), "old/1", NO_BLOBS, 300), result(Verdict.ACCEPTED), old.ref()));
    old.expectNoMessage(Duration.ofMillis(300));
    assertEquals(List.of("s1#1:ACCEPTED"), ledger.graded);
  }
}
