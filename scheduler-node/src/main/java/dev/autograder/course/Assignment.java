package dev.autograder.course;

import dev.autograder.ActingUser;
import dev.autograder.CborSerializable;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.course.rules.Extension;
import dev.autograder.grading.SetupReport;
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

/**
 * An assignment of a course: title, the flavour that grades it, its grading spec (by content hash,
 * versioned: every new spec is a new version), its rules (dates, late penalty, limits, visibility,
 * publication), the students' extensions, and whether the spec's setup was checked (students may
 * submit only once it is ready).
 */
public final class Assignment
    extends EventSourcedBehaviorWithEnforcedReplies<
        Assignment.Command, Assignment.Event, Assignment.State> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Assignment");
  public static final String TAG = "assignment";

  /** Why {@link Create} was refused when the id is taken. */
  public static final String EXISTS = "exists";

  public static final String MISSING = "missing";

  public sealed interface Command extends CborSerializable {}

  /**
   * @param checkSetup whether the spec's setup is checked before students may submit
   */
  public record Create(
      String courseId,
      String title,
      String flavour,
      String specHash,
      boolean checkSetup,
      AssignmentRules rules,
      String actor,
      Instant at,
      ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  /**
   * A new title, flavour, spec or rules; a different spec hash makes a new spec version, whose
   * setup is checked anew when {@code checkSetup}.
   */
  public record Revise(
      String title,
      String flavour,
      String specHash,
      boolean checkSetup,
      AssignmentRules rules,
      String actor,
      Instant at,
      ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  /**
   * The setup check of a spec version ended. A report for another version than the one being
   * checked, or for one already checked, is acknowledged and dropped.
   */
  public record RecordSetupCheck(
      int specVersion, SetupReport report, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record GrantExtension(
      Extension extension, String actor, Instant at, ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  public record Get(ActorRef<Lookup> replyTo) implements Command {}

  /** The answer to {@link Get}: empty when no assignment has this id. */
  public record Lookup(Optional<Details> assignment) implements CborSerializable {}

  /** The assignment now. */
  public record Details(
      String assignmentId,
      String courseId,
      String title,
      String flavour,
      String specHash,
      int specVersion,
      AssignmentRules rules,
      Map<String, Extension> extensions,
      Instant createdAt,
      AssignmentSetup setup)
      implements CborSerializable {

    public Details {
      setup = setup == null ? AssignmentSetup.UNCHECKED : setup;
    }

    Details with(AssignmentSetup newSetup) {
      return new Details(
          assignmentId,
          courseId,
          title,
          flavour,
          specHash,
          specVersion,
          rules,
          extensions,
          createdAt,
          newSetup);
    }
  }

  public sealed interface Event extends CborSerializable {}

  /**
   * @param actor who did it ({@link ActingUser#UNKNOWN} in journals from before it was recorded)
   */
  public record AssignmentCreated(
      String assignmentId,
      String courseId,
      String title,
      String flavour,
      String specHash,
      AssignmentRules rules,
      Instant at,
      String actor)
      implements Event {
    public AssignmentCreated {
      actor = ActingUser.orUnknown(actor);
    }
  }

  public record AssignmentRevised(
      String title,
      String flavour,
      String specHash,
      int specVersion,
      AssignmentRules rules,
      Instant at,
      String actor)
      implements Event {
    public AssignmentRevised {
      actor = ActingUser.orUnknown(actor);
    }
  }

  public record ExtensionGranted(Extension extension, Instant at, String actor) implements Event {
    public ExtensionGranted {
      actor = ActingUser.orUnknown(actor);
    }
  }

  /**
   * The spec version's setup is being checked: students wait. Journals from before it read as
   * ready.
   */
  public record SetupCheckStarted(int specVersion, Instant at) implements Event {}

  public record SetupChecked(int specVersion, SetupReport report, Instant at) implements Event {}

  public record State(Optional<Details> details) implements CborSerializable {}

  private final String assignmentId;

  /** Starts this entity's shards on the scheduler nodes. */
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId())).withRole("scheduler"));
  }

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
        .onCommand(RecordSetupCheck.class, this::onRecordSetupCheck)
        .onCommand(
            Get.class, (state, get) -> Effect().reply(get.replyTo(), new Lookup(state.details())))
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, Create c) {
    if (state.details().isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(EXISTS));
    }
    List<Event> events = new ArrayList<>();
    events.add(
        new AssignmentCreated(
            assignmentId,
            c.courseId(),
            c.title(),
            c.flavour(),
            c.specHash(),
            c.rules(),
            c.at(),
            c.actor()));
    if (c.checkSetup()) {
      events.add(new SetupCheckStarted(1, c.at()));
    }
    return Effect()
        .persist(events)
        .thenReply(c.replyTo(), s -> StatusReply.success(s.details().orElseThrow()));
  }

  private ReplyEffect<Event, State> onRevise(State state, Revise r) {
    if (state.details().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error(MISSING));
    }
    Details now = state.details().get();
    boolean newSpec = !now.specHash().equals(r.specHash());
    int version = newSpec ? now.specVersion() + 1 : now.specVersion();
    List<Event> events = new ArrayList<>();
    events.add(
        new AssignmentRevised(
            r.title(), r.flavour(), r.specHash(), version, r.rules(), r.at(), r.actor()));
    if (newSpec && r.checkSetup()) {
      events.add(new SetupCheckStarted(version, r.at()));
    }
    return Effect()
        .persist(events)
        .thenReply(r.replyTo(), s -> StatusReply.success(s.details().orElseThrow()));
  }

  private ReplyEffect<Event, State> onRecordSetupCheck(State state, RecordSetupCheck r) {
    boolean awaited =
        state
            .details()
            .map(Details::setup)
            .filter(
                setup ->
                    setup.status() == AssignmentSetup.Status.PENDING
                        && setup.specVersion() == r.specVersion())
            .isPresent();
    if (!awaited) {
      return Effect().reply(r.replyTo(), StatusReply.success(Done.getInstance()));
    }
    return Effect()
        .persist(new SetupChecked(r.specVersion(), r.report(), r.at()))
        .thenReply(r.replyTo(), s -> StatusReply.success(Done.getInstance()));
  }

  private ReplyEffect<Event, State> onGrantExtension(State state, GrantExtension g) {
    if (state.details().isEmpty()) {
      return Effect().reply(g.replyTo(), StatusReply.error(MISSING));
    }
    return Effect()
        .persist(new ExtensionGranted(g.extension(), g.at(), g.actor()))
        .thenReply(g.replyTo(), s -> StatusReply.success(s.details().orElseThrow()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            AssignmentCreated.class,
            (s, e) ->
                new State(
                    Optional.of(
                        new Details(
                            e.assignmentId(),
                            e.courseId(),
                            e.title(),
                            e.flavour(),
                            e.specHash(),
                            1,
                            e.rules(),
                            Map.of(),
                            e.at(),
                            null))))
        // A new spec version that is not checked is ready; one that is, is pending from the next
        // event.
        .onEvent(
            AssignmentRevised.class,
            (s, e) ->
                new State(
                    s.details()
                        .map(
                            d ->
                                new Details(
                                    d.assignmentId(),
                                    d.courseId(),
                                    e.title(),
                                    e.flavour(),
                                    e.specHash(),
                                    e.specVersion(),
                                    e.rules(),
                                    d.extensions(),
                                    d.createdAt(),
                                    e.specVersion() == d.specVersion() ? d.setup() : null))))
        .onEvent(
            SetupCheckStarted.class,
            (s, e) ->
                new State(
                    s.details()
                        .map(
                            d ->
                                d.with(
                                    new AssignmentSetup(
                                        AssignmentSetup.Status.PENDING,
                                        e.specVersion(),
                                        null,
                                        e.at())))))
        .onEvent(
            SetupChecked.class,
            (s, e) ->
                new State(
                    s.details()
                        .map(
                            d ->
                                d.with(
                                    new AssignmentSetup(
                                        e.report().ready()
                                            ? AssignmentSetup.Status.READY
                                            : AssignmentSetup.Status.FAILED,
                                        e.specVersion(),
                                        e.report(),
                                        e.at())))))
        .onEvent(
            ExtensionGranted.class,
            (s, e) ->
                new State(
                    s.details()
                        .map(
                            d -> {
                              Map<String, Extension> extensions = new TreeMap<>(d.extensions());
                              extensions.put(e.extension().username(), e.extension());
                              return new Details(
                                  d.assignmentId(),
                                  d.courseId(),
                                  d.title(),
                                  d.flavour(),
                                  d.specHash(),
                                  d.specVersion(),
                                  d.rules(),
                                  extensions,
                                  d.createdAt(),
                                  d.setup());
                            })))
        .build();
  }
}
