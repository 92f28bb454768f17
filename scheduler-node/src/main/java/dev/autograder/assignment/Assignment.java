package dev.autograder.assignment;

import dev.autograder.CborSerializable;
import dev.autograder.course.AssignmentRules;
import dev.autograder.course.Extension;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * An assignment of a course: title, the flavour that grades it, its grading spec (by content hash,
 * versioned: every new spec is a new version), its rules (dates, late penalty, limits,
 * visibility, publication) and the students' extensions.
 */
public final class Assignment
    extends EventSourcedBehaviorWithEnforcedReplies<Assignment.Command, Assignment.Event, Assignment.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Assignment");
  public static final String TAG = "assignment";

  /** Why {@link Create} was refused when the id is taken. */
  public static final String EXISTS = "exists";
  public static final String MISSING = "missing";

  public sealed interface Command extends CborSerializable {}

  public record Create(String courseId, String title, String flavour, String specHash, AssignmentRules rules,
      Instant at, ActorRef<StatusReply<Details>> replyTo) implements Command {}

  /** A new title, flavour, spec or rules; a different spec hash makes a new spec version. */
  public record Revise(String title, String flavour, String specHash, AssignmentRules rules, Instant at,
      ActorRef<StatusReply<Details>> replyTo) implements Command {}

  public record GrantExtension(Extension extension, Instant at, ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  public record Get(ActorRef<Lookup> replyTo) implements Command {}

  /** The answer to {@link Get}: empty when no assignment has this id. */
  public record Lookup(Optional<Details> assignment) implements CborSerializable {}

  /** The assignment now. */
  public record Details(String assignmentId, String courseId, String title, String flavour, String specHash,
      int specVersion, AssignmentRules rules, Map<String, Extension> extensions, Instant createdAt)
      implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record AssignmentCreated(String assignmentId, String courseId, String title, String flavour,
      String specHash, AssignmentRules rules, Instant at) implements Event {}

  public record AssignmentRevised(String title, String flavour, String specHash, int specVersion,
      AssignmentRules rules, Instant at) implements Event {}

  public record ExtensionGranted(Extension extension, Instant at) implements Event {}

  public record State(Optional<Details> details) implements CborSerializable {}

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
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Revise.class, this::onRevise)
        .onCommand(GrantExtension.class, this::onGrantExtension)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), new Lookup(state.details())))
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, Create c) {
    if (state.details().isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(EXISTS));
    }
    return Effect()
        .persist(new AssignmentCreated(assignmentId, c.courseId(), c.title(), c.flavour(), c.specHash(), c.rules(), c.at()))
        .thenReply(c.replyTo(), s -> StatusReply.success(s.details().orElseThrow()));
  }

  private ReplyEffect<Event, State> onRevise(State state, Revise r) {
    if (state.details().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error(MISSING));
    }
    Details now = state.details().get();
    int version = now.specHash().equals(r.specHash()) ? now.specVersion() : now.specVersion() + 1;
    return Effect().persist(new AssignmentRevised(r.title(), r.flavour(), r.specHash(), version, r.rules(), r.at()))
        .thenReply(r.replyTo(), s -> StatusReply.success(s.details().orElseThrow()));
  }

  private ReplyEffect<Event, State> onGrantExtension(State state, GrantExtension g) {
    if (state.details().isEmpty()) {
      return Effect().reply(g.replyTo(), StatusReply.error(MISSING));
    }
    return Effect().persist(new ExtensionGranted(g.extension(), g.at()))
        .thenReply(g.replyTo(), s -> StatusReply.success(s.details().orElseThrow()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(AssignmentCreated.class, (s, e) -> new State(Optional.of(new Details(e.assignmentId(), e.courseId(),
            e.title(), e.flavour(), e.specHash(), 1, e.rules(), Map.of(), e.at()))))
        .onEvent(AssignmentRevised.class, (s, e) -> new State(s.details().map(d -> new Details(d.assignmentId(),
            d.courseId(), e.title(), e.flavour(), e.specHash(), e.specVersion(), e.rules(), d.extensions(),
            d.createdAt()))))
        .onEvent(ExtensionGranted.class, (s, e) -> new State(s.details().map(d -> {
          Map<String, Extension> extensions = new TreeMap<>(d.extensions());
          extensions.put(e.extension().username(), e.extension());
          return new Details(d.assignmentId(), d.courseId(), d.title(), d.flavour(), d.specHash(), d.specVersion(),
              d.rules(), extensions, d.createdAt());
        })))
        .build();
  }
}
