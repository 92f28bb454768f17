package dev.autograder.course;

import dev.autograder.CborSerializable;
import dev.autograder.course.rules.SubmissionLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One student's runs on one assignment (entity id {@code assignment:username}), for the submission
 * limit. A run is first reserved while the submission is being recorded (in memory: a crash gives
 * it back), then counted; refused submissions are never counted, and an INFRA_ERROR gives its run
 * back.
 */
public final class SubmissionAllowance
    extends EventSourcedBehaviorWithEnforcedReplies<
        SubmissionAllowance.Command, SubmissionAllowance.Event, SubmissionAllowance.State> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "SubmissionAllowance");
  private static final Duration RESERVATION_TTL = Duration.ofMinutes(2);

  public static String entityId(String assignmentId, String username) {
    return assignmentId + ":" + username;
  }

  /**
   * The allowance of practice runs: an entity of its own, so practice never uses a submission's
   * run.
   */
  public static String practiceEntityId(String assignmentId, String username) {
    return "practice:" + entityId(assignmentId, username);
  }

  public sealed interface Command extends CborSerializable {}

  public record Reserve(
      String submissionId, SubmissionLimit limit, Instant at, ActorRef<Usage> replyTo)
      implements Command {}

  public record Commit(String submissionId, Instant at, ActorRef<Usage> replyTo)
      implements Command {}

  public record Release(String submissionId) implements Command {}

  public record ReturnRun(String submissionId, Instant at) implements Command {}

  public record GetUsage(SubmissionLimit limit, Instant at, ActorRef<Usage> replyTo)
      implements Command {}

  /**
   * Where the student stands.
   *
   * @param granted for {@link Reserve}: whether the run was reserved
   * @param runsLeft under the limit, now
   * @param resetAt when the oldest counted run leaves the window; null when none counts
   */
  public record Usage(boolean granted, int runsLeft, Instant resetAt) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record RunCounted(String submissionId, Instant at) implements Event {}

  public record RunReturned(String submissionId, Instant at) implements Event {}

  /** Counted runs by submission, in order of time. */
  public record State(Map<String, Instant> counted) implements CborSerializable {}

  /** Reservations in flight, by submission: not persisted on purpose. */
  private final Map<String, Instant> reserved = new HashMap<>();

  /** Starts this entity's shards on the scheduler nodes. */
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId())).withRole("scheduler"));
  }

  public static Behavior<Command> create(String entityId) {
    return new SubmissionAllowance(entityId);
  }

  private SubmissionAllowance(String entityId) {
    super(PersistenceId.of(TYPE_KEY.name(), entityId));
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Commit.class, this::onCommit)
        .onCommand(
            Release.class,
            (s, r) -> {
              reserved.remove(r.submissionId());
              return Effect().noReply();
            })
        .onCommand(
            ReturnRun.class,
            (s, r) ->
                s.counted().containsKey(r.submissionId())
                    ? Effect().persist(new RunReturned(r.submissionId(), r.at())).thenNoReply()
                    : Effect().noReply())
        .onCommand(
            GetUsage.class,
            (s, g) -> Effect().reply(g.replyTo(), usage(s, g.limit(), g.at(), true)))
        .build();
  }

  private ReplyEffect<Event, State> onReserve(State state, Reserve r) {
    reserved.values().removeIf(at -> at.plus(RESERVATION_TTL).isBefore(r.at()));
    Usage now = usage(state, r.limit(), r.at(), false);
    if (now.runsLeft() <= 0) {
      return Effect().reply(r.replyTo(), new Usage(false, 0, now.resetAt()));
    }
    reserved.put(r.submissionId(), r.at());
    return Effect().reply(r.replyTo(), new Usage(true, now.runsLeft() - 1, now.resetAt()));
  }

  private ReplyEffect<Event, State> onCommit(State state, Commit c) {
    reserved.remove(c.submissionId());
    if (state.counted().containsKey(c.submissionId())) {
      return Effect().reply(c.replyTo(), new Usage(true, 0, null));
    }
    return Effect()
        .persist(new RunCounted(c.submissionId(), c.at()))
        .thenReply(c.replyTo(), s -> new Usage(true, 0, null));
  }

  /**
   * Runs left in the window ending now; reservations in flight count unless asked for usage only.
   */
  private Usage usage(State state, SubmissionLimit limit, Instant now, boolean countedOnly) {
    if (limit == null) {
      return new Usage(true, Integer.MAX_VALUE, null);
    }
    Instant windowStart = now.minus(Duration.ofHours(limit.windowHours()));
    List<Instant> inWindow =
        state.counted().values().stream().filter(at -> at.isAfter(windowStart)).sorted().toList();
    int used = inWindow.size() + (countedOnly ? 0 : reserved.size());
    Instant resetAt =
        inWindow.isEmpty() ? null : inWindow.get(0).plus(Duration.ofHours(limit.windowHours()));
    return new Usage(true, Math.max(0, limit.count() - used), resetAt);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            RunCounted.class,
            (s, e) -> {
              Map<String, Instant> counted = new TreeMap<>(s.counted());
              counted.put(e.submissionId(), e.at());
              return new State(counted);
            })
        .onEvent(
            RunReturned.class,
            (s, e) -> {
              Map<String, Instant> counted = new TreeMap<>(s.counted());
              counted.remove(e.submissionId());
              return new State(counted);
            })
        .build();
  }
}
