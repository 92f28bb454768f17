package dev.autograder.scheduler;

import dev.autograder.queue.Admission;
import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.HeldJobs;
import dev.autograder.queue.JobStatus;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.queue.SchedulerCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The cluster singleton that schedules grading: one {@link FlavourQueue} child per configured
 * flavour, and {@link GradingTelemetry}, which counts what the queues do and judges the runner
 * nodes' health (an unhealthy node's slots get no jobs). It registers with the receptionist so
 * runners find it wherever it lives, and downs runner nodes that stay unreachable ({@link
 * RunnerDowning}).
 */
public final class SchedulerActor extends AbstractBehavior<SchedulerCommand> {

  /**
   * @param queues each flavour's queue settings, by flavour
   * @param downUnreachableRunnersAfter how long a runner node may be unreachable before it is
   *     downed
   * @param telemetry the history's resolution and reach, and when a silent node is forgotten
   */
  public record Settings(
      Map<String, FlavourQueue.Settings> queues,
      Duration downUnreachableRunnersAfter,
      GradingTelemetry.Settings telemetry) {
    public Settings {
      // Zero would down a runner at the first missed heartbeat.
      if (downUnreachableRunnersAfter.isNegative() || downUnreachableRunnersAfter.isZero()) {
        throw new IllegalArgumentException(
            "down-unreachable-runners-after must be positive, not " + downUnreachableRunnersAfter);
      }
    }

    public Settings(
        Map<String, FlavourQueue.Settings> queues, Duration downUnreachableRunnersAfter) {
      this(queues, downUnreachableRunnersAfter, GradingTelemetry.Settings.DEFAULT);
    }
  }

  private final Map<String, ActorRef<FlavourQueue.Command>> queues = new TreeMap<>();
  private final ActorRef<GradingTelemetry.Command> telemetry;

  public static Behavior<SchedulerCommand> create(
      Settings settings, SubmissionLedger ledger, PendingJobs pending) {
    return Behaviors.setup(ctx -> new SchedulerActor(ctx, settings, ledger, pending));
  }

  private SchedulerActor(
      ActorContext<SchedulerCommand> context,
      Settings settings,
      SubmissionLedger ledger,
      PendingJobs pending) {
    super(context);
    UnhealthyNodes unhealthy = new UnhealthyNodes();
    RunnerNodes runnerNodes = RunnerNodes.of(context.getSystem()).healthyOnly(unhealthy);
    telemetry =
        context.spawn(
            GradingTelemetry.create(settings.telemetry(), context.getSelf(), unhealthy),
            "telemetry");
    settings
        .queues()
        .forEach(
            (flavour, queue) ->
                queues.put(
                    flavour,
                    context.spawn(
                        FlavourQueue.create(queue, ledger, pending, runnerNodes, telemetry),
                        "queue-" + flavour)));
    context.spawn(RunnerDowning.create(settings.downUnreachableRunnersAfter()), "runner-downing");
    context
        .getSystem()
        .receptionist()
        .tell(Receptionist.register(SchedulerCommand.SERVICE_KEY, context.getSelf()));
    context.getLog().info("scheduler started with flavours {}", queues.keySet());
  }

  @Override
  public Receive<SchedulerCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(SchedulerCommand.Admit.class, this::onAdmit)
        .onMessage(
            SchedulerCommand.Confirm.class,
            c -> forward(c.flavour(), new FlavourQueue.Confirm(c.submissionId())))
        .onMessage(
            SchedulerCommand.Cancel.class,
            c -> forward(c.flavour(), new FlavourQueue.Cancel(c.submissionId())))
        .onMessage(
            SchedulerCommand.RequestJob.class,
            r ->
                forward(
                    r.flavour(), new FlavourQueue.Pull(r.runnerId(), r.nodeSlots(), r.runner())))
        .onMessage(
            SchedulerCommand.JobDeclined.class,
            d ->
                forward(d.lease().job().flavour(), new FlavourQueue.Decline(d.lease(), d.runner())))
        .onMessage(
            SchedulerCommand.RenewLease.class,
            r ->
                forward(
                    r.lease().job().flavour(),
                    new FlavourQueue.Renew(r.lease(), r.progress(), r.runner())))
        .onMessage(
            SchedulerCommand.JobFinished.class,
            f ->
                forward(
                    f.lease().job().flavour(),
                    new FlavourQueue.Finished(f.lease(), f.result(), f.runner())))
        .onMessage(
            SchedulerCommand.GetJobStatus.class,
            g ->
                toQueueOf(
                    g.flavour(),
                    g.submissionId(),
                    g.replyTo(),
                    new FlavourQueue.Status(g.submissionId(), g.replyTo())))
        .onMessage(
            SchedulerCommand.WatchJob.class,
            w ->
                toQueueOf(
                    w.flavour(),
                    w.submissionId(),
                    w.watcher(),
                    new FlavourQueue.Watch(w.submissionId(), w.watcher())))
        .onMessage(SchedulerCommand.GetQueues.class, this::onGetQueues)
        .onMessage(SchedulerCommand.GetHeldJobs.class, this::onGetHeldJobs)
        .onMessage(
            SchedulerCommand.ReportHealth.class,
            r -> tellTelemetry(new GradingTelemetry.Report(r.health())))
        .onMessage(
            SchedulerCommand.GetTelemetry.class,
            g -> tellTelemetry(new GradingTelemetry.Get(g.replyTo())))
        .onMessage(
            SchedulerCommand.GetHistory.class,
            g -> tellTelemetry(new GradingTelemetry.GetHistory(g.replyTo())))
        .build();
  }

  private Behavior<SchedulerCommand> onAdmit(SchedulerCommand.Admit admit) {
    ActorRef<FlavourQueue.Command> queue = queues.get(admit.job().flavour());
    if (queue == null) {
      admit.replyTo().tell(new Admission.UnknownFlavour(admit.job().flavour()));
    } else {
      queue.tell(new FlavourQueue.Admit(admit.job(), admit.replyTo()));
    }
    return this;
  }

  /**
   * A job's status, now or as it changes, from its flavour's queue; a flavour not here has no such
   * job.
   */
  private Behavior<SchedulerCommand> toQueueOf(
      String flavour,
      String submissionId,
      ActorRef<JobStatus> asker,
      FlavourQueue.Command command) {
    ActorRef<FlavourQueue.Command> queue = queues.get(flavour);
    if (queue == null) {
      asker.tell(JobStatus.unknown(submissionId));
    } else {
      queue.tell(command);
    }
    return this;
  }

  private Behavior<SchedulerCommand> onGetHeldJobs(SchedulerCommand.GetHeldJobs get) {
    ActorRef<FlavourQueue.Command> queue = queues.get(get.flavour());
    if (queue == null) {
      get.replyTo().tell(new HeldJobs(List.of()));
    } else {
      queue.tell(new FlavourQueue.HeldBy(get.runnerNode(), get.replyTo()));
    }
    return this;
  }

  /** A short-lived child gathers one status from every queue, answers, and stops. */
  private Behavior<SchedulerCommand> onGetQueues(SchedulerCommand.GetQueues get) {
    List<ActorRef<FlavourQueue.Command>> all = List.copyOf(queues.values());
    getContext()
        .spawnAnonymous(
            Behaviors.<FlavourStatus>setup(
                ctx -> {
                  all.forEach(q -> q.tell(new FlavourQueue.Snapshot(ctx.getSelf())));
                  List<FlavourStatus> got = new ArrayList<>();
                  return Behaviors.receiveMessage(
                      status -> {
                        got.add(status);
                        if (got.size() < all.size()) {
                          return Behaviors.same();
                        }
                        got.sort(Comparator.comparing(FlavourStatus::flavour));
                        get.replyTo().tell(new QueuesStatus(got));
                        return Behaviors.stopped();
                      });
                }));
    return this;
  }

  private Behavior<SchedulerCommand> tellTelemetry(GradingTelemetry.Command command) {
    telemetry.tell(command);
    return this;
  }

  private Behavior<SchedulerCommand> forward(String flavour, FlavourQueue.Command command) {
    ActorRef<FlavourQueue.Command> queue = queues.get(flavour);
    if (queue == null) {
      getContext()
          .getLog()
          .warn("a message speaks of flavour {}, which this scheduler does not have", flavour);
    } else {
      queue.tell(command);
    }
    return this;
  }
}
