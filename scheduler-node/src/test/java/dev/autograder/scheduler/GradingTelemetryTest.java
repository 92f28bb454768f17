package dev.autograder.scheduler;

import static dev.autograder.scheduler.GradingCountersTest.count;
import static dev.autograder.scheduler.RecentHistoryTest.health;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.Admission;
import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.queue.Telemetry;
import dev.autograder.queue.TelemetryHistory;
import dev.autograder.queue.WaitPercentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What the queue tells its telemetry, counted; and a runner node judged unhealthy gets no jobs. */
class GradingTelemetryTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long GIB = 1L << 30;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private final FlavourQueueTest.MemoryLedger ledger = new FlavourQueueTest.MemoryLedger();
  private final UnhealthyNodes unhealthy = new UnhealthyNodes();
  private final TestProbe<SchedulerCommand> scheduler = testKit.createTestProbe();
  private final ActorRef<GradingTelemetry.Command> telemetry =
      testKit.spawn(
          GradingTelemetry.create(
              new GradingTelemetry.Settings(
                  Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30)),
              scheduler.ref(),
              unhealthy));
  private final ActorRef<FlavourQueue.Command> queue =
      testKit.spawn(
          FlavourQueue.create(
              new FlavourQueue.Settings(
                  "small",
                  testKit.system().ignoreRef(),
                  2,
                  100,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(60)),
              ledger,
              new FlavourQueueTest.MemoryPending(),
              RunnerNodes.ALL.healthyOnly(unhealthy),
              telemetry));

  private void submit(String id) {
    TestProbe<Admission> admission = testKit.createTestProbe();
    queue.tell(
        new FlavourQueue.Admit(
            new GradingJob(
                id,
                "a1",
                "ada-" + id,
                "small",
                "spec",
                "files",
                1,
                Instant.now(),
                JobPriority.INTERACTIVE),
            admission.ref()));
    admission.expectMessageClass(Admission.Admitted.class);
    queue.tell(new FlavourQueue.Confirm(id));
  }

  /** The runner takes one job and reports this verdict; answers the lease. */
  private JobLease grade(TestProbe<RunnerMessage> runner, Verdict verdict) {
    queue.tell(new FlavourQueue.Pull("r1", 1, runner.ref()));
    JobLease lease = runner.expectMessageClass(RunnerMessage.JobOffered.class).lease();
    queue.tell(
        new FlavourQueue.Finished(
            lease, GradingResult.of(verdict, 0, 1, "", List.of(), ""), runner.ref()));
    runner.expectMessageClass(RunnerMessage.ResultRecorded.class);
    return lease;
  }

  private Telemetry telemetry() {
    TestProbe<Telemetry> reply = testKit.createTestProbe();
    telemetry.tell(new GradingTelemetry.Get(reply.ref()));
    return reply.receiveMessage();
  }

  @Test
  void theCountersMoveExactlyWithTheJobsGradedAndTheirVerdicts() {
    TestProbe<RunnerMessage> runner = testKit.createTestProbe();
    for (int i = 1; i <= 6; i++) {
      submit("s" + i);
    }
    List<Verdict> verdicts =
        List.of(
            Verdict.ACCEPTED,
            Verdict.ACCEPTED,
            Verdict.ACCEPTED,
            Verdict.WRONG_ANSWER,
            Verdict.COMPILE_ERROR);
    verdicts.forEach(v -> grade(runner, v));
    // The sixth fails twice in the sandbox: tried again once, then INFRA_ERROR (max-attempts 2).
    queue.tell(new FlavourQueue.Pull("r1", 1, runner.ref()));
    JobLease first = runner.expectMessageClass(RunnerMessage.JobOffered.class).lease();
    queue.tell(
        new FlavourQueue.Finished(
            first, GradingResult.infrastructureFailure("no engine", 1), runner.ref()));
    runner.expectMessageClass(RunnerMessage.ResultRecorded.class);
    grade(runner, Verdict.INFRA_ERROR);

    runner.awaitAssert(
        () -> {
          Telemetry t = telemetry();
          assertEquals(6, count(t, GradingCounters.RECEIVED, "small", "interactive"));
          assertEquals(3, count(t, GradingCounters.COMPLETED, "small", "ACCEPTED"));
          assertEquals(1, count(t, GradingCounters.COMPLETED, "small", "WRONG_ANSWER"));
          assertEquals(1, count(t, GradingCounters.COMPLETED, "small", "COMPILE_ERROR"));
          assertEquals(1, count(t, GradingCounters.COMPLETED, "small", "INFRA_ERROR"));
          assertEquals(2, count(t, GradingCounters.ATTEMPTS_LOST, "small", "sandbox_failed"));
          assertEquals(1, count(t, GradingCounters.INFRA_ERRORS, "small", "sandbox_failed"));
          Telemetry.Histogram waits =
              t.histograms().stream()
                  .filter(h -> h.name().equals(GradingCounters.WAIT))
                  .findFirst()
                  .orElseThrow();
          assertEquals(
              6,
              waits.samples().get(0).count(),
              "a job tried again at the head waits once, from when it was queued");
          Telemetry.Histogram times =
              t.histograms().stream()
                  .filter(h -> h.name().equals(GradingCounters.JOB_TIME))
                  .findFirst()
                  .orElseThrow();
          assertEquals(7, times.samples().get(0).count(), "seven attempts reported");
          return null;
        });
  }

  @Test
  void theHistoryClosesAPointEachIntervalWithTheQueuesDepth() {
    TestProbe<RunnerMessage> runner = testKit.createTestProbe();
    submit("h1");
    grade(runner, Verdict.ACCEPTED);
    SchedulerCommand.GetQueues ask = scheduler.expectMessageClass(SchedulerCommand.GetQueues.class);
    ask.replyTo()
        .tell(
            new QueuesStatus(
                List.of(
                    new FlavourStatus(
                        "small", 3, 1, 0, 1, 1, 2, 0, 0, 100, WaitPercentiles.NONE))));
    scheduler.awaitAssert(
        () -> {
          TestProbe<TelemetryHistory> reply = testKit.createTestProbe();
          telemetry.tell(new GradingTelemetry.GetHistory(reply.ref()));
          TelemetryHistory history = reply.receiveMessage();
          assertEquals(200, history.intervalMillis());
          TelemetryHistory.Point point = history.points().get(0);
          assertEquals(1, point.completed());
          assertEquals(Map.of("ACCEPTED", 1L), point.verdicts());
          assertEquals(3, point.waiting());
          assertEquals(1, point.running());
          return null;
        });
  }

  @Test
  void aFullDaysHistoryOfAFleetFitsInOneClusterMessage() throws Exception {
    RecentHistory history = new RecentHistory(10_000, 8_640);
    List<dev.autograder.queue.NodeHealth> fleet = new java.util.ArrayList<>();
    for (int n = 0; n < 60; n++) {
      fleet.add(
          health(
              "runner-large-" + n,
              "pekko://autograder@10.0.1." + n + ":25520",
              12_345,
              123L * GIB));
    }
    for (int i = 1; i <= 8_640; i++) {
      for (Verdict v : Verdict.values()) {
        history.completed(v);
      }
      history.started(123_456);
      history.close(1_800_000_000_000L + i * 10_000L, 12_345, 678, fleet);
    }
    TelemetryHistory answer =
        history.snapshot(GradingTelemetry.MAX_POINTS, GradingTelemetry.MAX_NODE_POINTS);
    byte[] cbor =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.cbor.CBORFactory())
            .writeValueAsBytes(answer);
    assertTrue(cbor.length < 1024 * 1024, "the answer takes " + cbor.length + " bytes");
    assertEquals(360, answer.points().size());
    assertEquals(83, answer.nodes().get(0).points().size(), "5,000 node points shared by 60 nodes");
  }

  @Test
  void anUnhealthyNodesSlotsGetNoJobsUntilItRecovers() {
    TestProbe<RunnerMessage> runner = testKit.createTestProbe();
    String address = runner.ref().path().address().toString();
    telemetry.tell(new GradingTelemetry.Report(health("r1", address, 10, GIB / 4)));
    runner.awaitAssert(
        () -> {
          assertTrue(unhealthy.contains(address));
          return null;
        });
    submit("u1");
    queue.tell(new FlavourQueue.Pull("r1", 1, runner.ref()));
    runner.expectNoMessage(Duration.ofMillis(500));
    Telemetry.NodeState state = telemetry().nodes().get(0);
    assertFalse(state.healthy());
    assertEquals("r1", state.health().node());

    telemetry.tell(new GradingTelemetry.Report(health("r1", address, 10, 4 * GIB)));
    runner.awaitAssert(
        () -> {
          assertFalse(unhealthy.contains(address));
          return null;
        });
    queue.tell(new FlavourQueue.Pull("r1", 1, runner.ref()));
    assertEquals(
        "u1", runner.expectMessageClass(RunnerMessage.JobOffered.class).lease().submissionId());
  }

  @Test
  void aSlotWaitingInLineGetsNoJobOnceItsNodeIsUnhealthy() {
    TestProbe<RunnerMessage> runner = testKit.createTestProbe();
    String address = runner.ref().path().address().toString();
    queue.tell(new FlavourQueue.Pull("r1", 1, runner.ref()));
    telemetry.tell(new GradingTelemetry.Report(health("r1", address, -1, 4 * GIB)));
    runner.awaitAssert(
        () -> {
          assertTrue(unhealthy.contains(address));
          return null;
        });
    submit("w1");
    runner.expectNoMessage(Duration.ofMillis(500));
  }
}
