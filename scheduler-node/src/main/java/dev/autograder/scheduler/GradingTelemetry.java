package dev.autograder.scheduler;

import dev.autograder.grading.Verdict;
import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.queue.Telemetry;
import dev.autograder.queue.TelemetryHistory;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The scheduler's measures: the queues tell it what happens to their jobs ({@link
 * GradingCounters}), runner nodes report their health ({@link NodeHealthBook}, whose verdict it
 * hands the queues through {@link UnhealthyNodes}), and every interval it closes a point of {@link
 * RecentHistory} with the queues' depth. A child of the scheduler singleton: it moves and starts
 * afresh with it.
 */
public final class GradingTelemetry extends AbstractBehavior<GradingTelemetry.Command> {

  /**
   * @param interval the history's resolution
   * @param keep how far back the history reaches
   * @param forgetNodesAfter a runner node that has not reported for this long is forgotten
   */
  public record Settings(Duration interval, Duration keep, Duration forgetNodesAfter) {
    public Settings {
      if (interval.isNegative() || interval.isZero() || keep.compareTo(interval) < 0) {
        throw new IllegalArgumentException(
            "history-interval must be positive and history-keep at least as long, not "
                + interval
                + " and "
                + keep);
      }
    }

    /** 24 hours at 10 s, as reference.conf has it. */
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(10), Duration.ofHours(24), Duration.ofSeconds(30));
  }

  public sealed interface Command extends NoSerializationVerificationNeeded {}

  /** A submission's job was admitted and recorded. */
  public record Received(String flavour, JobPriority priority) implements Command {}

  /** A job went to a runner after waiting this long. */
  public record Started(String flavour, long waitMillis) implements Command {}

  /** A runner reported an attempt's result this long after its lease. */
  public record Graded(String flavour, long millis) implements Command {}

  /** A job's result was recorded; {@code infraCause} says why when it is an INFRA_ERROR. */
  public record Completed(String flavour, Verdict verdict, GradingCounters.Cause infraCause)
      implements Command {}

  public record AttemptLost(String flavour, GradingCounters.Cause cause) implements Command {}

  public record Report(NodeHealth health) implements Command {}

  public record Get(ActorRef<Telemetry> replyTo) implements Command {}

  public record GetHistory(ActorRef<TelemetryHistory> replyTo) implements Command {}

  private record QueuesNow(QueuesStatus queues) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  /**
   * The most points a history answer holds, and node points in all: about 0.8 MB of CBOR at most,
   * within the cluster's 1 MiB frame. 24 h at 10 s is answered at 4 min.
   */
  static final int MAX_POINTS = 360;

  static final int MAX_NODE_POINTS = 5_000;

  private final ActorRef<SchedulerCommand> scheduler;
  private final UnhealthyNodes unhealthy;
  private final GradingCounters counters = new GradingCounters();
  private final NodeHealthBook nodes;
  private final RecentHistory history;
  private final ActorRef<QueuesStatus> queuesNow;

  public static Behavior<Command> create(
      Settings settings, ActorRef<SchedulerCommand> scheduler, UnhealthyNodes unhealthy) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerAtFixedRate(Tick.INSTANCE, settings.interval());
                  return new GradingTelemetry(ctx, settings, scheduler, unhealthy);
                }));
  }

  private GradingTelemetry(
      ActorContext<Command> context,
      Settings settings,
      ActorRef<SchedulerCommand> scheduler,
      UnhealthyNodes unhealthy) {
    super(context);
    this.scheduler = scheduler;
    this.unhealthy = unhealthy;
    this.nodes = new NodeHealthBook(settings.forgetNodesAfter());
    this.history =
        new RecentHistory(
            settings.interval().toMillis(),
            (int) Math.max(1, settings.keep().toMillis() / settings.interval().toMillis()));
    this.queuesNow = context.messageAdapter(QueuesStatus.class, QueuesNow::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            Received.class,
            r -> {
              counters.received(r.flavour(), r.priority());
              return this;
            })
        .onMessage(
            Started.class,
            s -> {
              counters.waited(s.flavour(), s.waitMillis());
              history.started(s.waitMillis());
              return this;
            })
        .onMessage(
            Graded.class,
            g -> {
              counters.graded(g.flavour(), g.millis());
              return this;
            })
        .onMessage(Completed.class, this::onCompleted)
        .onMessage(
            AttemptLost.class,
            l -> {
              counters.attemptLost(l.flavour(), l.cause());
              return this;
            })
        .onMessage(Report.class, this::onReport)
        .onMessage(
            Get.class,
            g -> {
              g.replyTo().tell(counters.snapshot(nodes.states(Instant.now())));
              return this;
            })
        .onMessage(
            GetHistory.class,
            g -> {
              g.replyTo().tell(history.snapshot(MAX_POINTS, MAX_NODE_POINTS));
              return this;
            })
        .onMessage(
            Tick.class,
            t -> {
              scheduler.tell(new SchedulerCommand.GetQueues(queuesNow));
              return this;
            })
        .onMessage(QueuesNow.class, this::onQueuesNow)
        .build();
  }

  private Behavior<Command> onCompleted(Completed c) {
    counters.completed(c.flavour(), c.verdict());
    if (c.verdict() == Verdict.INFRA_ERROR && c.infraCause() != null) {
      counters.infraError(c.flavour(), c.infraCause());
    }
    history.completed(c.verdict());
    return this;
  }

  private Behavior<Command> onReport(Report report) {
    NodeHealth health = report.health();
    boolean was = !unhealthy.contains(health.address());
    nodes.report(health, Instant.now());
    publish();
    boolean now = health.problem() == null;
    if (was != now) {
      if (now) {
        getContext()
            .getLog()
            .info(
                "runner node {} ({}) is healthy again: its slots take jobs",
                health.node(),
                health.address());
      } else {
        getContext()
            .getLog()
            .warn(
                "runner node {} ({}) is unhealthy, its slots get no new jobs: {}",
                health.node(),
                health.address(),
                health.problem());
      }
    }
    return this;
  }

  private Behavior<Command> onQueuesNow(QueuesNow now) {
    long waiting = 0;
    long running = 0;
    for (FlavourStatus f : now.queues().flavours()) {
      waiting += f.waiting();
      running += f.running();
    }
    Instant at = Instant.now();
    if (nodes.forgetSilent(at)) {
      publish();
    }
    history.close(at.toEpochMilli(), waiting, running, nodes.reports());
    return this;
  }

  private void publish() {
    unhealthy.set(nodes.unhealthy());
  }
}
