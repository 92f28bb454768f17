package dev.autograder.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.Progress;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.queue.SchedulerCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
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

  private ActorRef<RunnerMessage> slot(JobRunner job, JobBudget budget) {
    testKit.system().receptionist().tell(Receptionist.register(SchedulerCommand.SERVICE_KEY, scheduler.ref()));
    return testKit.spawn(RunnerActor.create(new RunnerActor.Settings("node/1", "default", 3, Duration.ofMillis(300),
        Duration.ofMillis(200)), job, budget, recycling.ref()));
  }

  private static JobLease lease(String id) {
    return new JobLease(new GradingJob(id, "a1", "ada", "default", "s", "f", 1, Instant.now(), JobPriority.INTERACTIVE),
        "node/1", "http://api", 150);
  }

  private <T extends SchedulerCommand> T expect(Class<T> type) {
    return scheduler.fishForMessage(Duration.ofSeconds(5), m -> type.isInstance(m)
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).stream()
        .filter(type::isInstance).map(type::cast).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void anIdleSlotAsksForWorkGradesRenewsWithProgressAndReportsUntilAcknowledged() {
    ControlledJob job = new ControlledJob();
    ActorRef<RunnerMessage> slot = slot(job, JobBudget.of(0));
    SchedulerCommand.RequestJob request = expect(SchedulerCommand.RequestJob.class);
    assertEquals(3, request.nodeSlots());
    JobLease lease = lease("s1");
    slot.tell(new RunnerMessage.JobOffered(lease));
    scheduler.awaitAssert(() -> {
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
    assertEquals("s2", expect(SchedulerCommand.JobDeclined.class).lease().submissionId(), "a retired slot takes no work");
  }
}
