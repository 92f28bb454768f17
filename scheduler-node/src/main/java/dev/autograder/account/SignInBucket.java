package dev.autograder.account;

import dev.autograder.CborSerializable;
import dev.autograder.port.SignInThrottle;
import dev.autograder.port.SignInThrottle.Admission;
import dev.autograder.port.SignInThrottle.Admitted;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * The sign-in throttle of the usernames that hash to one bucket (entity id: the bucket's number),
 * once in the cluster: every API node asks here, so the limits hold however attempts are spread
 * over the nodes. A fixed number of buckets bounds the entities, whatever names strangers make up.
 * In memory only: a bucket that moves to another node (rebalance, node lost) starts empty.
 */
public final class SignInBucket extends AbstractBehavior<SignInBucket.Command> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "SignInBucket");

  public sealed interface Command extends CborSerializable {}

  /** Admits the attempt (counted in flight) or refuses it. */
  public record Admit(String username, String client, ActorRef<StatusReply<Admission>> replyTo)
      implements Command {}

  /** How an admitted attempt went; sent without waiting (its lease covers a lost one). */
  public record Report(Admitted attempt, Outcome outcome) implements Command {}

  public enum Outcome {
    FAILED,
    SUCCEEDED,
    ABANDONED
  }

  private final SignInThrottle throttle;

  /**
   * Starts the buckets' shards on the scheduler nodes, each with a fresh throttle. Never
   * passivated: a bucket's whole state is in memory, and there are only so many buckets.
   */
  public static void init(ActorSystem<?> system, Supplier<SignInThrottle> throttle) {
    ClusterSharding.get(system)
        .init(
            Entity.of(TYPE_KEY, ctx -> create(throttle.get()))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
                .withRole("scheduler"));
  }

  public static Behavior<Command> create(SignInThrottle throttle) {
    return Behaviors.setup(context -> new SignInBucket(context, throttle));
  }

  private SignInBucket(ActorContext<Command> context, SignInThrottle throttle) {
    super(context);
    this.throttle = throttle;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Admit.class, this::onAdmit)
        .onMessage(Report.class, this::onReport)
        .build();
  }

  private Behavior<Command> onAdmit(Admit admit) {
    admit.replyTo().tell(StatusReply.success(throttle.admit(admit.username(), admit.client())));
    return this;
  }

  private Behavior<Command> onReport(Report report) {
    switch (report.outcome()) {
      case FAILED -> throttle.failed(report.attempt());
      case SUCCEEDED -> throttle.succeeded(report.attempt());
      case ABANDONED -> throttle.abandoned(report.attempt());
    }
    return this;
  }
}
