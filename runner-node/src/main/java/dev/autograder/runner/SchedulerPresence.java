package dev.autograder.runner;

import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Watches that this runner's cluster has a reachable scheduler node. When it has had none for the
 * alone-timeout (the scheduler node restarted and formed a new cluster, or a partition left this
 * node on its own), it shuts the actor system down so that the node joins the cluster again. The
 * time counts once this node is up: a join in progress (slow under load, or with the TLS
 * handshakes) has its own limit, shutdown-after-unsuccessful-join-seed-nodes.
 */
public final class SchedulerPresence {
  /** Why a runner's actor system stopped when it stops to join again. */
  public static final CoordinatedShutdown.Reason NO_SCHEDULER =
      new CoordinatedShutdown.Reason() {
        @Override
        public String toString() {
          return "no scheduler node in the cluster";
        }
      };

  private enum Check {
    INSTANCE
  }

  private SchedulerPresence() {}

  public static Behavior<Object> create(Duration aloneTimeout) {
    return Behaviors.<Object>setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Check.INSTANCE, Duration.ofSeconds(1));
                  Cluster cluster = Cluster.get(ctx.getSystem());
                  Instant[] lastSeen = {Instant.now()};
                  return Behaviors.receiveMessage(
                      check -> {
                        var state = cluster.state();
                        boolean present = false;
                        for (var m : state.getMembers()) {
                          if (m.hasRole("scheduler")
                              && m.status() == MemberStatus.up()
                              && !state.getUnreachable().contains(m)) {
                            present = true;
                          }
                        }
                        if (present || cluster.selfMember().status() != MemberStatus.up()) {
                          lastSeen[0] = Instant.now();
                        } else if (Duration.between(lastSeen[0], Instant.now())
                                .compareTo(aloneTimeout)
                            > 0) {
                          ctx.getLog()
                              .warn(
                                  "no scheduler node for {}: leaving to join the cluster again",
                                  aloneTimeout);
                          CoordinatedShutdown.get(ctx.getSystem()).runAll(NO_SCHEDULER);
                          return Behaviors.stopped();
                        }
                        return Behaviors.same();
                      });
                }));
  }
}
