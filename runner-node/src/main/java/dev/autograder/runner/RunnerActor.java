package dev.autograder.runner;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ResultBudget;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.Progress;
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
 * grades it and renews the lease with its progress; done, it cuts the result to the cluster's
 * result budget and reports it, renewing the lease, until the scheduler acknowledges it. A result
 * still unacknowledged after the configured number of sends is given up: the slot reports a small
 * INFRA_ERROR instead (the scheduler tries the job again, and an INFRA_ERROR never counts against
 * the student), stops renewing (should that report be lost too, the lease runs out and the job is
 * tried again all the same) and asks for work again. A slot is never stuck on one result. In the
 * recycling mode it retires once the node's budget is used up.
 */
public final class RunnerActor extends AbstractBehavior<RunnerMessage> {

  /**
   * @param resultRetryInterval how often an unacknowledged result is sent again
   * @param resultSendAttempts how many times a result is sent before the slot gives it up
   */
  public record Settings(
      String runnerId,
      String flavour,
      int nodeSlots,
      Duration requestInterval,
      Duration resultRetryInterval,
      int resultSendAttempts,
      ResultBudget resultBudget) {
    public Settings {
      if (resultSendAttempts < 1) {
        throw new IllegalArgumentException(
            "result-send-attempts must be at least 1, not " + resultSendAttempts);
      }
    }
  }

  private record SchedulersChanged(Receptionist.Listing listing)
      implements RunnerMessage, NoSerializationVerificationNeeded {}

  private record Graded(JobLease lease, GradingResult result)
      implements RunnerMessage, NoSerializationVerificationNeeded {}

  private record ProgressMade(JobLease lease, Progress progress)
      implements RunnerMessage, NoSerializationVerificationNeeded {}

  private enum Tick implements RunnerMessage, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private enum Renew implements RunnerMessage, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private final Settings settings;
  private final JobRunner jobRunner;
  private final JobBudget budget;
  private final ActorRef<Recycling.SlotRetired> recycling;
  private final TimerScheduler<RunnerMessage> timers;
  private Optional<ActorRef<SchedulerCommand>> scheduler = Optional.empty();

  /** The job being graded, if any, and how far it is. */
  private Optional<JobLease> working = Optional.empty();

  private Progress progress = Progress.STARTING;

  /** A result waiting for the scheduler's acknowledgement, if any. */
  private Optional<Graded> reporting = Optional.empty();

  /** How many times the result being reported has been sent. */
  private int sends;

  private boolean retired;

  public static Behavior<RunnerMessage> create(
      Settings settings,
      JobRunner jobRunner,
      JobBudget budget,
      ActorRef<Recycling.SlotRetired> recycling) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new RunnerActor(ctx, settings, jobRunner, budget, recycling, timers)));
  }

  private RunnerActor(
      ActorContext<RunnerMessage> context,
      Settings settings,
      JobRunner jobRunner,
      JobBudget budget,
      ActorRef<Recycling.SlotRetired> recycling,
      TimerScheduler<RunnerMessage> timers) {
    super(context);
    this.settings = settings;
    this.jobRunner = jobRunner;
    this.budget = budget;
    this.recycling = recycling;
    this.timers = timers;
    ActorRef<Receptionist.Listing> listings =
        context.messageAdapter(Receptionist.Listing.class, SchedulersChanged::new);
    context
        .getSystem()
        .receptionist()
        .tell(Receptionist.subscribe(SchedulerCommand.SERVICE_KEY, listings));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.requestInterval());
  }

  @Override
  public Receive<RunnerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(SchedulersChanged.class, this::onSchedulersChanged)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Renew.class, r -> renew())
        .onMessage(RunnerMessage.JobOffered.class, this::onJobOffered)
        .onMessage(ProgressMade.class, this::onProgressMade)
        .onMessage(Graded.class, this::onGraded)
        .onMessage(RunnerMessage.ResultRecorded.class, this::onResultRecorded)
        .build();
  }

  private Behavior<RunnerMessage> onSchedulersChanged(SchedulersChanged changed) {
    scheduler =
        changed.listing().getServiceInstances(SchedulerCommand.SERVICE_KEY).stream().findFirst();
    scheduler.ifPresent(
        s -> getContext().getLog().info("{} uses scheduler {}", settings.runnerId(), s.path()));
    renew();
    return onTick();
  }

  /**
   * Repeats whatever this slot is waiting for: work when idle, an acknowledgement when reporting.
   */
  private Behavior<RunnerMessage> onTick() {
    if (reporting.isPresent() && sends >= settings.resultSendAttempts()) {
      return giveUpResult();
    }
    if (reporting.isPresent()) {
      sends++;
    }
    scheduler.ifPresent(
        s -> {
          if (reporting.isPresent()) {
            Graded g = reporting.get();
            s.tell(new SchedulerCommand.JobFinished(g.lease(), g.result(), getContext().getSelf()));
          } else if (working.isEmpty() && !retired) {
            s.tell(
                new SchedulerCommand.RequestJob(
                    settings.flavour(),
                    settings.runnerId(),
                    settings.nodeSlots(),
                    getContext().getSelf()));
          }
        });
    return this;
  }

  /** Renews the lease of the job being graded, or of the result being reported. */
  private Behavior<RunnerMessage> renew() {
    working
        .or(() -> reporting.map(Graded::lease))
        .ifPresent(
            lease ->
                scheduler.ifPresent(
                    s ->
                        s.tell(
                            new SchedulerCommand.RenewLease(
                                lease, progress, getContext().getSelf()))));
    return this;
  }

  private Behavior<RunnerMessage> onJobOffered(RunnerMessage.JobOffered offer) {
    JobLease lease = offer.lease();
    if (working.isPresent() || reporting.isPresent() || retired || !budget.take()) {
      if (!isCurrent(lease)) {
        scheduler.ifPresent(
            s -> s.tell(new SchedulerCommand.JobDeclined(lease, getContext().getSelf())));
      }
      return this;
    }
    getContext()
        .getLog()
        .info(
            "{} grades submission {} attempt {}",
            settings.runnerId(),
            lease.submissionId(),
            lease.attempt());
    working = Optional.of(lease);
    progress = Progress.STARTING;
    timers.startTimerWithFixedDelay(
        Renew.INSTANCE, Duration.ofMillis(Math.max(100, lease.renewEveryMillis())));
    var self = getContext().getSelf();
    getContext()
        .pipeToSelf(
            jobRunner.run(lease, p -> self.tell(new ProgressMade(lease, p))),
            (result, failure) ->
                new Graded(
                    lease,
                    failure == null
                        ? result
                        : GradingResult.infrastructureFailure("the runner failed: " + failure, 0)));
    return this;
  }

  private boolean isCurrent(JobLease lease) {
    return working.map(l -> sameAttempt(l, lease)).orElse(false)
        || reporting.map(g -> sameAttempt(g.lease(), lease)).orElse(false);
  }

  private static boolean sameAttempt(JobLease a, JobLease b) {
    return a.submissionId().equals(b.submissionId()) && a.attempt() == b.attempt();
  }

  /** A new phase is worth telling at once: students watch the progress bar. */
  private Behavior<RunnerMessage> onProgressMade(ProgressMade made) {
    if (working.map(l -> sameAttempt(l, made.lease())).orElse(false)) {
      progress = made.progress();
      renew();
    }
    return this;
  }

  /**
   * The lease is renewed on while the result is reported, so the job is not tried again meanwhile.
   */
  private Behavior<RunnerMessage> onGraded(Graded graded) {
    working = Optional.empty();
    GradingResult result = graded.result();
    GradingResult bounded;
    try {
      bounded = settings.resultBudget().bound(result);
    } catch (RuntimeException e) {
      bounded =
          GradingResult.infrastructureFailure(
              "the runner could not measure the result: " + e, result.maxScore());
    }
    reporting = Optional.of(new Graded(graded.lease(), bounded));
    sends = 0;
    getContext()
        .getLog()
        .info(
            "{} graded submission {} attempt {}: {}",
            settings.runnerId(),
            graded.lease().submissionId(),
            graded.lease().attempt(),
            result.verdict());
    if (bounded != result) {
      getContext()
          .getLog()
          .info(
              "{}: the result of submission {} took {} bytes; its texts were cut to {}",
              settings.runnerId(),
              graded.lease().submissionId(),
              ResultBudget.sizeOf(result),
              ResultBudget.sizeOf(bounded));
    }
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.resultRetryInterval());
    return onTick();
  }

  /**
   * The scheduler did not acknowledge the result however often it was sent. Reported once as an
   * INFRA_ERROR, which the scheduler takes as a failed attempt; if that is lost too, the lease, no
   * longer renewed, runs out and the job is tried again the same way.
   */
  private Behavior<RunnerMessage> giveUpResult() {
    Graded g = reporting.orElseThrow();
    getContext()
        .getLog()
        .warn(
            "{}: the scheduler did not acknowledge the result of submission {} attempt {} after"
                + " {} sends; reported as an infrastructure failure",
            settings.runnerId(),
            g.lease().submissionId(),
            g.lease().attempt(),
            sends);
    GradingResult failure =
        GradingResult.infrastructureFailure(
            "runner "
                + settings.runnerId()
                + " could not deliver"
                + " the result ("
                + g.result().verdict()
                + ") to the scheduler after "
                + sends
                + " sends",
            g.result().maxScore());
    scheduler.ifPresent(
        s -> s.tell(new SchedulerCommand.JobFinished(g.lease(), failure, getContext().getSelf())));
    return reported();
  }

  private Behavior<RunnerMessage> onResultRecorded(RunnerMessage.ResultRecorded recorded) {
    boolean mine =
        reporting
            .map(
                g ->
                    g.lease().submissionId().equals(recorded.submissionId())
                        && g.lease().attempt() == recorded.attempt())
            .orElse(false);
    if (!mine) {
      return this;
    }
    return reported();
  }

  /** Done with the result, acknowledged or given up: the slot takes work again, or retires. */
  private Behavior<RunnerMessage> reported() {
    reporting = Optional.empty();
    timers.cancel(Renew.INSTANCE);
    if (budget.exhausted()) {
      retired = true;
      recycling.tell(Recycling.SlotRetired.INSTANCE);
      return this;
    }
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.requestInterval());
    return onTick();
  }
}
