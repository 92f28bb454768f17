package dev.autograder.runner;

import dev.autograder.grading.GradingResult;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.queue.SchedulerCommand;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One job slot of a runner node. Idle, it asks the scheduler for work (again every
 * request-interval, so a lost request or a moved scheduler costs one interval); given a lease, it
 * grades it; done, it reports the result until the scheduler acknowledges it.
 */
public final class RunnerActor extends AbstractBehavior<RunnerMessage> {

  public record Settings(String runnerId, String flavour, Duration requestInterval, Duration resultRetryInterval) {}

  private record SchedulersChanged(Receptionist.Listing listing)
      implements RunnerMessage, NoSerializationVerificationNeeded {}

  private record Graded(JobLease lease, GradingResult result)
      implements RunnerMessage, NoSerializationVerificationNeeded {}

  private enum Tick implements RunnerMessage, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private final Settings settings;
  private final JobRunner jobRunner;
  private final TimerScheduler<RunnerMessage> timers;
  private Optional<ActorRef<SchedulerCommand>> scheduler = Optional.empty();
  /** The job being graded, if any. */
  private Optional<JobLease> working = Optional.empty();
  /** A result waiting for the scheduler's acknowledgement, if any. */
  private Optional<Graded> reporting = Optional.empty();

  public static Behavior<RunnerMessage> create(Settings settings, JobRunner jobRunner) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RunnerActor(ctx, settings, jobRunner, timers)));
  }

  private RunnerActor(ActorContext<RunnerMessage> context, Settings settings, JobRunner jobRunner,
      TimerScheduler<RunnerMessage> timers) {
    super(context);
    this.settings = settings;
    this.jobRunner = jobRunner;
    this.timers = timers;
    ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, SchedulersChanged::new);
    context.getSystem().receptionist().tell(Receptionist.subscribe(SchedulerCommand.SERVICE_KEY, listings));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.requestInterval());
  }

  @Override
  public Receive<RunnerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(SchedulersChanged.class, this::onSchedulersChanged)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(RunnerMessage.JobOffered.class, this::onJobOffered)
        .onMessage(Graded.class, this::onGraded)
        .onMessage(RunnerMessage.ResultRecorded.class, this::onResultRecorded)
        .build();
  }

  private Behavior<RunnerMessage> onSchedulersChanged(SchedulersChanged changed) {
    scheduler = changed.listing().getServiceInstances(SchedulerCommand.SERVICE_KEY).stream().findFirst();
    scheduler.ifPresent(s -> getContext().getLog().info("{} uses scheduler {}", settings.runnerId(), s.path()));
    return onTick();
  }

  /** Repeats whatever this slot is waiting for: work when idle, an acknowledgement when reporting. */
  private Behavior<RunnerMessage> onTick() {
    scheduler.ifPresent(s -> {
      if (reporting.isPresent()) {
        Graded g = reporting.get();
        s.tell(new SchedulerCommand.JobFinished(g.lease(), g.result(), getContext().getSelf()));
      } else if (working.isEmpty()) {
        s.tell(new SchedulerCommand.RequestJob(settings.flavour(), settings.runnerId(), getContext().getSelf()));
      }
    });
    return this;
  }

  private Behavior<RunnerMessage> onJobOffered(RunnerMessage.JobOffered offer) {
    JobLease lease = offer.lease();
    if (working.isPresent() || reporting.isPresent()) {
      if (!isCurrent(lease)) {
        scheduler.ifPresent(s -> s.tell(new SchedulerCommand.JobDeclined(lease)));
      }
      return this;
    }
    getContext().getLog().info("{} grades submission {} attempt {}", settings.runnerId(), lease.submissionId(), lease.attempt());
    working = Optional.of(lease);
    getContext().pipeToSelf(jobRunner.run(lease), (result, failure) -> new Graded(lease,
        failure == null ? result : GradingResult.infrastructureFailure("the runner failed: " + failure, 0)));
    return this;
  }

  private boolean isCurrent(JobLease lease) {
    return working.map(l -> sameAttempt(l, lease)).orElse(false)
        || reporting.map(g -> sameAttempt(g.lease(), lease)).orElse(false);
  }

  private static boolean sameAttempt(JobLease a, JobLease b) {
    return a.submissionId().equals(b.submissionId()) && a.attempt() == b.attempt();
  }

  private Behavior<RunnerMessage> onGraded(Graded graded) {
    working = Optional.empty();
    reporting = Optional.of(graded);
    getContext().getLog().info("{} graded submission {} attempt {}: {}", settings.runnerId(),
        graded.lease().submissionId(), graded.lease().attempt(), graded.result().verdict());
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.resultRetryInterval());
    return onTick();
  }

  private Behavior<RunnerMessage> onResultRecorded(RunnerMessage.ResultRecorded recorded) {
    boolean mine = reporting.map(g -> g.lease().submissionId().equals(recorded.submissionId())
        && g.lease().attempt() == recorded.attempt()).orElse(false);
    if (mine) {
      reporting = Optional.empty();
      timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.requestInterval());
      return onTick();
    }
    return this;
  }
}
