package dev.autograder.course;

import dev.autograder.ActingUser;
import dev.autograder.CborSerializable;
import dev.autograder.course.rules.CourseRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** A course offering: code, title, term, its roster with roles, and its assignments in order. */
public final class Course
    extends EventSourcedBehaviorWithEnforcedReplies<Course.Command, Course.Event, Course.State> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Course");
  public static final String TAG = "course";
  public static final String EXISTS = "exists";
  public static final String MISSING = "missing";

  public sealed interface Command extends CborSerializable {}

  public record Create(
      String code, String title, String term, Instant at, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /** A new code, title or term. */
  public record Revise(
      String code, String title, String term, Instant at, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /**
   * Enrols each member with their role, or changes the role of one already enrolled; all at once.
   */
  public record Enrol(
      Map<String, CourseRole> members,
      String actor,
      Instant at,
      ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record Remove(
      String username, String actor, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record AttachAssignment(String assignmentId, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record GetSummary(ActorRef<Lookup> replyTo) implements Command {}

  public record GetRole(String username, ActorRef<Membership> replyTo) implements Command {}

  public record GetRoster(ActorRef<Roster> replyTo) implements Command {}

  public record Lookup(Optional<Summary> course) implements CborSerializable {}

  /** Whether the course exists and, if so, the account's role in it (empty: not a member). */
  public record Membership(boolean courseExists, Optional<CourseRole> role)
      implements CborSerializable {}

  public record Roster(Map<String, CourseRole> members) implements CborSerializable {}

  public record Summary(
      String courseId,
      String code,
      String title,
      String term,
      List<String> assignments,
      Instant createdAt)
      implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record CourseCreated(String courseId, String code, String title, String term, Instant at)
      implements Event {}

  public record CourseRevised(String code, String title, String term, Instant at)
      implements Event {}

  /**
   * @param actor who enrolled them ({@link ActingUser#UNKNOWN} in journals from before it was
   *     recorded)
   */
  public record MemberEnrolled(String username, CourseRole role, Instant at, String actor)
      implements Event {
    public MemberEnrolled {
      actor = ActingUser.orUnknown(actor);
    }
  }

  public record MemberRemoved(String username, Instant at, String actor) implements Event {
    public MemberRemoved {
      actor = ActingUser.orUnknown(actor);
    }
  }

  public record AssignmentAttached(String assignmentId) implements Event {}

  public record State(
      Optional<CourseCreated> created, Map<String, CourseRole> roster, List<String> assignments)
      implements CborSerializable {

    Optional<Summary> summary() {
      return created.map(
          c -> new Summary(c.courseId(), c.code(), c.title(), c.term(), assignments, c.at()));
    }
  }

  private final String courseId;

  /** Starts this entity's shards on the scheduler nodes. */
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId())).withRole("scheduler"));
  }

  public static Behavior<Command> create(String courseId) {
    return new Course(courseId);
  }

  private Course(String courseId) {
    super(PersistenceId.of(TYPE_KEY.name(), courseId));
    this.courseId = courseId;
  }

  @Override
  public State emptyState() {
    return new State(Optional.empty(), Map.of(), List.of());
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
        .onCommand(Enrol.class, this::onEnrol)
        .onCommand(Remove.class, this::onRemove)
        .onCommand(AttachAssignment.class, this::onAttach)
        .onCommand(GetSummary.class, (s, c) -> Effect().reply(c.replyTo(), new Lookup(s.summary())))
        .onCommand(
            GetRole.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        new Membership(
                            s.created().isPresent(),
                            Optional.ofNullable(s.roster().get(c.username())))))
        .onCommand(GetRoster.class, (s, c) -> Effect().reply(c.replyTo(), new Roster(s.roster())))
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, Create c) {
    if (state.created().isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(EXISTS));
    }
    return Effect()
        .persist(new CourseCreated(courseId, c.code(), c.title(), c.term(), c.at()))
        .thenReply(c.replyTo(), s -> StatusReply.success(s.summary().orElseThrow()));
  }

  private ReplyEffect<Event, State> onRevise(State state, Revise r) {
    if (state.created().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error(MISSING));
    }
    return Effect()
        .persist(new CourseRevised(r.code(), r.title(), r.term(), r.at()))
        .thenReply(r.replyTo(), s -> StatusReply.success(s.summary().orElseThrow()));
  }

  private ReplyEffect<Event, State> onEnrol(State state, Enrol e) {
    if (state.created().isEmpty()) {
      return Effect().reply(e.replyTo(), StatusReply.error(MISSING));
    }
    List<Event> changes = new ArrayList<>();
    new TreeMap<>(e.members())
        .forEach(
            (username, role) -> {
              if (state.roster().get(username) != role) {
                changes.add(new MemberEnrolled(username, role, e.at(), e.actor()));
              }
            });
    return Effect().persist(changes).thenReply(e.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRemove(State state, Remove r) {
    if (state.created().isEmpty() || !state.roster().containsKey(r.username())) {
      return Effect().reply(r.replyTo(), StatusReply.error(MISSING));
    }
    return Effect()
        .persist(new MemberRemoved(r.username(), r.at(), r.actor()))
        .thenReply(r.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onAttach(State state, AttachAssignment a) {
    if (state.created().isEmpty()) {
      return Effect().reply(a.replyTo(), StatusReply.error(MISSING));
    }
    if (state.assignments().contains(a.assignmentId())) {
      return Effect().reply(a.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new AssignmentAttached(a.assignmentId()))
        .thenReply(a.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(CourseCreated.class, (s, e) -> new State(Optional.of(e), Map.of(), List.of()))
        .onEvent(
            CourseRevised.class,
            (s, e) ->
                new State(
                    s.created()
                        .map(
                            c ->
                                new CourseCreated(
                                    c.courseId(), e.code(), e.title(), e.term(), c.at())),
                    s.roster(),
                    s.assignments()))
        .onEvent(
            MemberEnrolled.class,
            (s, e) -> {
              Map<String, CourseRole> roster = new TreeMap<>(s.roster());
              roster.put(e.username(), e.role());
              return new State(s.created(), roster, s.assignments());
            })
        .onEvent(
            MemberRemoved.class,
            (s, e) -> {
              Map<String, CourseRole> roster = new TreeMap<>(s.roster());
              roster.remove(e.username());
              return new State(s.created(), roster, s.assignments());
            })
        .onEvent(
            AssignmentAttached.class,
            (s, e) -> {
              List<String> assignments = new ArrayList<>(s.assignments());
              assignments.add(e.assignmentId());
              return new State(s.created(), s.roster(), List.copyOf(assignments));
            })
        .build();
  }
}
