package dev.autograder.assignment;

import dev.autograder.CborSerializable;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** An assignment: its title, the flavour that grades it and its grading spec (by content hash). */
public final class Assignment
    extends EventSourcedBehaviorWithEnforcedReplies<Assignment.Command, Assignment.Event, Assignment.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Assignment");

  /** Why {@link Create} was refused when the id is taken. */
  public static final String EXISTS = "exists";

  public sealed interface Command extends CborSerializable {}

  public record Create(String title, String flavour, String specHash, Instant at,
      ActorRef<StatusReply<AssignmentCreated>> replyTo) implements Command {}

  public record Get(ActorRef<Lookup> replyTo) implements Command {}

  /** The answer to {@link Get}: empty when no assignment has this id. */
  public record Lookup(Optional<AssignmentCreated> assignment) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record AssignmentCreated(String assignmentId, String title, String flavour, String specHash, Instant at)
      implements Event {}

  public record State(Optional<AssignmentCreated> created) implements CborSerializable {}

  private final String assignmentId;

  public static Behavior<Command> create(String assignmentId) {
    return new Assignment(assignmentId);
  }

  private Assignment(String assignmentId) {
    super(PersistenceId.of(TYPE_KEY.name(), assignmentId));
    this.assignmentId = assignmentId;
  }

  @Override
  public State emptyState() {
    return new State(Optional.empty());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), new Lookup(state.created())))
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, Create c) {
    if (state.created().isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(EXISTS));
    }
    return Effect()
        .persist(new AssignmentCreated(assignmentId, c.title(), c.flavour(), c.specHash(), c.at()))
        .thenReply(c.replyTo(), s -> StatusReply.success(s.created().orElseThrow()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(AssignmentCreated.class, (s, e) -> new State(Optional.of(e)))
        .build();
  }
}
