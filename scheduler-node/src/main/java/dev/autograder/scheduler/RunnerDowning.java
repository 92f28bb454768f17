package dev.autograder.scheduler;

import java.time.Duration;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Downs a runner node that has been unreachable for a while, well before the split-brain resolver
 * would. Runners hold no state the cluster needs (their leases come back to the queue), so a
 * wrongly downed one only restarts and joins again. Left to the resolver, runners dying one after
 * another faster than it settles leave dead observers in the reachability table, which it reads as
 * an indirectly connected cluster and resolves by downing every node, schedulers included.
 */
final class RunnerDowning extends AbstractBehavior<RunnerDowning.Command> {

  sealed interface Command {}

  private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command {}

  private record StillUnreachable(Address node) implements Command {}

  private final Duration after;
  private final TimerScheduler<Command> timers;

  static Behavior<Command> create(Duration after) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(timers -> new RunnerDowning(ctx, timers, after)));
  }

  private RunnerDowning(
      ActorContext<Command> context, TimerScheduler<Command> timers, Duration after) {
    super(context);
    this.after = after;
    this.timers = timers;
    Cluster.get(context.getSystem())
        .subscriptions()
        .tell(
            Subscribe.create(
                context.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new),
                ClusterEvent.ReachabilityEvent.class));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Reachability.class, this::onReachability)
        .onMessage(StillUnreachable.class, this::onStillUnreachable)
        .build();
  }

  private Behavior<Command> onReachability(Reachability reachability) {
    Member member = reachability.event().member();
    if (!member.hasRole("runner")) {
      return this;
    }
    if (reachability.event() instanceof ClusterEvent.UnreachableMember) {
      timers.startSingleTimer(member.address(), new StillUnreachable(member.address()), after);
    } else {
      timers.cancel(member.address());
    }
    return this;
  }

  private Behavior<Command> onStillUnreachable(StillUnreachable still) {
    Cluster cluster = Cluster.get(getContext().getSystem());
    boolean unreachable =
        cluster.state().getUnreachable().stream()
            .anyMatch(m -> m.address().equals(still.node()) && m.hasRole("runner"));
    if (unreachable) {
      getContext()
          .getLog()
          .warn(
              "runner node {} has been unreachable for {} ms: downing it",
              still.node(),
              after.toMillis());
      cluster.manager().tell(new Down(still.node()));
    }
    return this;
  }
}
