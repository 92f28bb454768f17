package dev.autograder.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ResultBudget;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.Progress;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.queue.SchedulerCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One runner slot against a probe in the scheduler's place and a job runner the test controls. */
class RunnerActorTest {
  /** One per test: each test registers its own scheduler with the receptionist. */
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  /** Grades when the test says so, reporting the progress the test gives it. */
  private static final class ControlledJob implements JobRunner {
    final CompletableFuture<GradingResult> result = new CompletableFuture<>();
    volatile Consumer<Progress> progress;

    @Override
    public CompletableFuture<GradingResult> run(JobLease lease, Consumer<Progress> progress) {
      this.progress = progress;
      return result;
    }
  }

  private final TestProbe<SchedulerCommand> scheduler = testKit.createTestProbe();
  private final TestProbe<Recycling.SlotRetired> recycling = testKit.createTestProbe();

  /** Results are sent every 200 ms, three times at most. */
  private static final int SENDS = 3;

  private static final ResultBudget RESULT_BUDGET = new ResultBudget(256 * 1024);

  private ActorRef<RunnerMessage> slot(JobRunner job, JobBudget budget) {
    testKit
        .system()
        .receptionist()
        .tell(Receptionist.register(SchedulerCommand.SERVICE_KEY, scheduler.ref()));
    return testKit.spawn(
        RunnerActor.create(
            new RunnerActor.Settings(
                "node/1",
                "default",
                3,
                Duration.ofMillis(300),
                Duration.ofMillis(200),
                SENDS,
                RESULT_BUDGET),
            job,
            budget,
            recycling.ref()));
  }

  private JobLease lease(String id) {
    return new JobLease(
        new GradingJob(
            id, "a1", "ada", "default", "s", "f", 1, Instant.now(), JobPriority.INTERACTIVE),
        "node/1",
        testKit.system().ignoreRef(),
        150);
  }

  private <T extends SchedulerCommand> T expect(Class<T> type) {
    return scheduler
        .fishForMessage(
            Duration.ofSeconds(5),
            m ->
                type.isInstance(m)
                    ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                    : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes
                        .continueAndIgnore())
        .stream()
        .filter(type::isInstance)
        .map(type::cast)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void anIdleSlotAsksForWorkGradesRenewsWithProgressAndReportsUntilAcknowledged() {
    ControlledJob job = new ControlledJob();
    ActorRef<RunnerMessage> slot = slot(job, JobBudget.of(0));
    SchedulerCommand.RequestJob request = expect(SchedulerCommand.RequestJob.class);
    assertEquals(3, request.nodeSlots());
    JobLease lease = lease("s1");
    slot.tell(new RunnerMessage.JobOffered(lease));
    scheduler.awaitAssert(
        () -> {
          job.progress.accept(new Progress(Progress.Phase.TESTING, 2, 5));
          return null;
        });
    SchedulerCommand.RenewLease renewal = expect(SchedulerCommand.RenewLease.class);
    assertEquals(new Progress(Progress.Phase.TESTING, 2, 5), renewal.progress());
    expect(SchedulerCommand.RenewLease.class);

    job.result.complete(GradingResult.of(Verdict.ACCEPTED, 1, 1, "", List.of(), ""));
    expect(SchedulerCommand.JobFinished.class);
    expect(SchedulerCommand.JobFinished.class);
    slot.tell(new RunnerMessage.ResultRecorded("s1", 1));
    expect(SchedulerCommand.RequestJob.class);
  }

  @Test
  void
      whenTheSchedulerNeverAcknowledgesTheSlotGivesUpAfterTheBoundedSendsWithAnInfraErrorAndAsksForWorkAgain() {
    ControlledJob job = new ControlledJob();
    ActorRef<RunnerMessage> slot = slot(job, JobBudget.of(0));
    expect(SchedulerCommand.RequestJob.class);
    slot.tell(new RunnerMessage.JobOffered(lease("s1")));
    job.result.complete(GradingResult.of(Verdict.RUNTIME_ERROR, 0, 5, "", List.of(), ""));

    List<SchedulerCommand> seen = new ArrayList<>();
    scheduler.fishForMessage(
        Duration.ofSeconds(10),
        m -> {
          seen.add(m);
          return m instanceof SchedulerCommand.RequestJob
              ? FishingOutcomes.complete()
              : FishingOutcomes.continueAndIgnore();
        });
    List<Verdict> reported =
        seen.stream()
            .filter(SchedulerCommand.JobFinished.class::isInstance)
            .map(m -> ((SchedulerCommand.JobFinished) m).result().verdict())
            .toList();
    assertEquals(
        List.of(
            Verdict.RUNTIME_ERROR,
            Verdict.RUNTIME_ERROR,
            Verdict.RUNTIME_ERROR,
            Verdict.INFRA_ERROR),
        reported,
        "the result is sent " + SENDS + " times, then given up as an infrastructure failure");
    int firstReport = indexOf(seen, SchedulerCommand.JobFinished.class);
    assertTrue(
        seen.subList(firstReport, seen.size()).stream()
            .anyMatch(SchedulerCommand.RenewLease.class::isInstance),
        "the lease is renewed while the result is reported: " + seen);
    SchedulerCommand.JobFinished gaveUp =
        (SchedulerCommand.JobFinished)
            seen.stream()
                .filter(
                    m ->
                        m instanceof SchedulerCommand.JobFinished f
                            && f.result().verdict() == Verdict.INFRA_ERROR)
                .findFirst()
                .orElseThrow();
    assertEquals(5, gaveUp.result().maxScore());
    assertTrue(
        gaveUp.result().log().contains("could not deliver the result"), gaveUp.result().log());

    slot.tell(new RunnerMessage.JobOffered(lease("s2")));
    assertEquals(
        "s2",
        expect(SchedulerCommand.RenewLease.class).lease().submissionId(),
        "the slot took new work");
  }

  @Test
  void aResultOverTheBudgetIsSentCutToIt() {
    ControlledJob job = new ControlledJob();
    ActorRef<RunnerMessage> slot = slot(job, JobBudget.of(0));
    expect(SchedulerCommand.RequestJob.class);
    slot.tell(new RunnerMessage.JobOffered(lease("s1")));
    List<TestVerdict> tests =
        IntStream.rangeClosed(1, 250)
            .mapToObj(
                i ->
                    new TestVerdict(
                        "t" + i,
                        "",
                        Verdict.RUNTIME_ERROR,
                        0,
                        1,
                        300,
                        20,
                        9000,
                        1,
                        0,
                        Visibility.VISIBLE,
                        "e".repeat(3000),
                        List.of()))
            .toList();
    job.result.complete(GradingResult.of(Verdict.RUNTIME_ERROR, 0, 250, "", tests, ""));

    GradingResult sent = expect(SchedulerCommand.JobFinished.class).result();
    assertTrue(
        ResultBudget.sizeOf(sent) <= RESULT_BUDGET.bytes(), ResultBudget.sizeOf(sent) + " bytes");
    assertEquals(250, sent.tests().size());
    assertTrue(sent.output().startsWith(RESULT_BUDGET.note()));
  }

  private static int indexOf(List<SchedulerCommand> messages, Class<?> type) {
    for (int i = 0; i < messages.size(); i++) {
      if (type.isInstance(messages.get(i))) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aBusySlotDeclinesASecondOffer() {
    ActorRef<RunnerMessage> slot = slot(new ControlledJob(), JobBudget.of(0));
    expect(SchedulerCommand.RequestJob.class);
    slot.tell(new RunnerMessage.JobOffered(lease("s1")));
    slot.tell(new RunnerMessage.JobOffered(lease("s2")));
    assertEquals("s2", expect(SchedulerCommand.JobDeclined.class).lease().submissionId());
  }

  @Test
  void inTheRecyclingModeASlotRetiresAfterTheBudget() {
    ControlledJob job = new ControlledJob();
    ActorRef<RunnerMessage> slot = slot(job, JobBudget.of(1));
    expect(SchedulerCommand.RequestJob.class);
    slot.tell(new RunnerMessage.JobOffered(lease("s1")));
    job.result.complete(GradingResult.of(Verdict.ACCEPTED, 1, 1, "", List.of(), ""));
    expect(SchedulerCommand.JobFinished.class);
    slot.tell(new RunnerMessage.ResultRecorded("s1", 1));
    recycling.expectMessage(Recycling.SlotRetired.INSTANCE);
    slot.tell(new RunnerMessage.JobOffered(lease("s2")));
    assertEquals(
        "s2",
        expect(SchedulerCommand.JobDeclined.class).lease().submissionId(),
        "a retired slot takes no work");
  }
}
