package dev.autograder.submission;

import dev.autograder.ActingUser;
import dev.autograder.CborSerializable;
import dev.autograder.course.rules.Lateness;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One student's submission to one assignment, event-sourced: received (journaled by {@link
 * SubmissionReceipts}, without this entity), each grading attempt started, graded, and regraded in
 * further rounds. The first result of the current attempt is the one recorded; duplicates and
 * results of superseded attempts or rounds are acknowledged and ignored. Attempt numbers keep
 * growing across rounds.
 */
public final class Submission
    extends EventSourcedBehaviorWithEnforcedReplies<
        Submission.Command, Submission.Event, Submission.State> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Submission");

  /** Every event carries this tag, for the read side. */
  public static final String TAG = "submission";

  /** Why {@link Adjust} was refused: there is no score to adjust yet. */
  public static final String NOT_GRADED = "not_graded";

  /** Why {@link Regrade} was refused: the current round is not graded yet. */
  public static final String IN_PROGRESS = "in_progress";

  /**
   * Why {@link Regrade} was refused: a practice run counts for nothing, so it is never graded
   * again.
   */
  public static final String PRACTICE_RUN = "practice_run";

  public sealed interface Command extends CborSerializable {}

  /** A runner took the job for this attempt; no reply, the scheduler does not wait for it. */
  public record MarkRunning(int attempt, String runnerId, Instant at) implements Command {}

  /** An attempt ended without being the grade: how and why, for staff; no reply. */
  public record MarkEnded(int attempt, SubmissionView.Ending ending, String reason, Instant at)
      implements Command {}

  public record RecordResult(
      int attempt, GradingResult result, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Grade again with this spec; answers the job to queue. */
  public record Regrade(
      String batchId,
      String specHash,
      String actor,
      Instant at,
      ActorRef<StatusReply<GradingJob>> replyTo)
      implements Command {}

  /**
   * Staff change the score (replacing an earlier change); refused with {@link #NOT_GRADED} before
   * the first grade.
   */
  public record Adjust(ScoreAdjustment adjustment, ActorRef<StatusReply<SubmissionView>> replyTo)
      implements Command {}

  /** Takes staff's change of the score back; nothing to take back is no error. */
  public record RemoveAdjustment(
      String actor, Instant at, ActorRef<StatusReply<SubmissionView>> replyTo) implements Command {}

  /**
   * Picks this submission as the one that counts, for an assignment that counts the chosen one; the
   * API checks who may and until when.
   */
  public record Choose(String actor, Instant at, ActorRef<StatusReply<SubmissionView>> replyTo)
      implements Command {}

  public record Get(ActorRef<Lookup> replyTo) implements Command {}

  /** The answer to {@link Get}: empty when no submission has this id. */
  public record Lookup(Optional<SubmissionView> submission) implements CborSerializable {}

  /**
   * Tells {@code watcher} the submission now, and again after each event, until the watcher stops.
   * Watchers live in memory only: a passivated or moved entity forgets them, so they send this
   * again now and then (repeating it is harmless).
   */
  public record Watch(ActorRef<Lookup> watcher) implements Command {}

  private record WatcherGone(ActorRef<Lookup> watcher) implements Command {}

  /** Where the submitted files are: the code view reads them from the blob store. */
  public record GetFilesHash(ActorRef<FilesHash> replyTo) implements Command {}

  /**
   * The answer to {@link GetFilesHash}: the archive's SHA-256, empty when no submission has this
   * id.
   */
  public record FilesHash(Optional<String> hash) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  /**
   * @param actor who submitted: the student, or staff for them ({@link ActingUser#UNKNOWN} in
   *     journals from before it was recorded)
   */
  public record SubmissionReceived(
      String submissionId,
      String assignmentId,
      String courseId,
      String student,
      String flavour,
      String specHash,
      String filesHash,
      List<String> files,
      JobPriority priority,
      Lateness lateness,
      Instant at,
      String actor)
      implements Event {
    public SubmissionReceived {
      actor = ActingUser.orUnknown(actor);
    }
  }

  public record GradingStarted(int attempt, String runnerId, Instant at) implements Event {}

  public record SubmissionGraded(int attempt, GradingResult result, Instant at) implements Event {}

  public record AttemptEnded(int attempt, SubmissionView.Ending ending, String reason, Instant at)
      implements Event {}

  /** A new grading round from {@code firstAttempt} on, with this spec. */
  public record RegradeRequested(
      String batchId, String specHash, int firstAttempt, Instant at, String actor)
      implements Event {
    public RegradeRequested {
      actor = ActingUser.orUnknown(actor);
    }
  }

  public record ScoreAdjusted(ScoreAdjustment adjustment) implements Event {}

  public record AdjustmentRemoved(String actor, Instant at) implements Event {}

  /** Picked as the one that counts; the student's latest pick among their submissions wins. */
  public record SubmissionChosen(String actor, Instant at) implements Event {}

  /**
   * Empty until received; then its attempts, the current round and, once graded, the result.
   *
   * @param round the current round's request; empty in the first round
   * @param rounds how many rounds there have been
   * @param endings how attempts that were not the grade ended, in the order they did
   * @param adjustment staff's change to the score, kept across regrades; null when none
   * @param chosenAt when it was last picked as the one that counts; null when never
   */
  public record State(
      Optional<SubmissionReceived> received,
      List<GradingStarted> attempts,
      Optional<SubmissionGraded> graded,
      Optional<RegradeRequested> round,
      int rounds,
      List<AttemptEnded> endings,
      ScoreAdjustment adjustment,
      Instant chosenAt)
      implements CborSerializable {

    public State {
      endings = endings == null ? List.of() : endings;
    }

    static State empty() {
      return new State(
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          0,
          List.of(),
          null,
          null);
    }

    /** A submission as {@link SubmissionReceipts} journals it: received, nothing else yet. */
    static State receivedAs(SubmissionReceived e) {
      return new State(
          Optional.of(e), List.of(), Optional.empty(), Optional.empty(), 1, List.of(), null, null);
    }

    int attempt() {
      int started = attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).attempt();
      return Math.max(started, round.map(r -> r.firstAttempt() - 1).orElse(0));
    }

    int firstAttempt() {
      return round.map(RegradeRequested::firstAttempt).orElse(1);
    }

    State started(GradingStarted e) {
      List<GradingStarted> more = new ArrayList<>(attempts);
      more.add(e);
      return new State(
          received, List.copyOf(more), graded, round, rounds, endings, adjustment, chosenAt);
    }

    State ended(AttemptEnded e) {
      List<AttemptEnded> more = new ArrayList<>(endings);
      more.add(e);
      return new State(
          received, attempts, graded, round, rounds, List.copyOf(more), adjustment, chosenAt);
    }

    /**
     * A new round forgets the grade, so the attempt that gave it keeps its end among the endings;
     * otherwise the history would show it running for ever.
     */
    State regraded(RegradeRequested e) {
      List<AttemptEnded> kept = new ArrayList<>(endings);
      graded
          .filter(g -> !hasEnded(g.attempt()))
          .ifPresent(
              g ->
                  kept.add(
                      new AttemptEnded(
                          g.attempt(),
                          SubmissionView.Ending.GRADED,
                          g.result().verdict().name(),
                          g.at())));
      return new State(
          received,
          attempts,
          Optional.empty(),
          Optional.of(e),
          rounds + 1,
          List.copyOf(kept),
          adjustment,
          chosenAt);
    }

    State withGrade(SubmissionGraded e) {
      return new State(
          received, attempts, Optional.of(e), round, rounds, endings, adjustment, chosenAt);
    }

    State withAdjustment(ScoreAdjustment changed) {
      return new State(received, attempts, graded, round, rounds, endings, changed, chosenAt);
    }

    State chosen(SubmissionChosen e) {
      return new State(received, attempts, graded, round, rounds, endings, adjustment, e.at());
    }

    /** Whether it has ever been graded: a regrade's round keeps the earlier score adjustable. */
    boolean everGraded() {
      return graded.isPresent() || rounds > 1;
    }

    boolean hasEnded(int attempt) {
      return endings.stream().anyMatch(e -> e.attempt() == attempt);
    }

    SubmissionView.Attempt attemptView(GradingStarted a) {
      Optional<AttemptEnded> end =
          endings.stream().filter(e -> e.attempt() == a.attempt()).findFirst();
      if (end.isPresent()) {
        return new SubmissionView.Attempt(
            a.attempt(),
            a.runnerId(),
            a.at(),
            end.get().at(),
            end.get().ending(),
            end.get().reason());
      }
      return graded
          .filter(g -> g.attempt() == a.attempt())
          .map(
              g ->
                  new SubmissionView.Attempt(
                      a.attempt(),
                      a.runnerId(),
                      a.at(),
                      g.at(),
                      SubmissionView.Ending.GRADED,
                      g.result().verdict().name()))
          .orElseGet(() -> new SubmissionView.Attempt(a.attempt(), a.runnerId(), a.at()));
    }

    SubmissionStatus status() {
      return graded.isPresent()
          ? SubmissionStatus.GRADED
          : attempt() >= firstAttempt() ? SubmissionStatus.RUNNING : SubmissionStatus.QUEUED;
    }

    String specHash() {
      return round
          .map(RegradeRequested::specHash)
          .orElseGet(() -> received.orElseThrow().specHash());
    }

    Optional<SubmissionView> view() {
      return received.map(
          r ->
              new SubmissionView(
                  r.submissionId(),
                  r.assignmentId(),
                  r.courseId(),
                  r.flavour(),
                  r.student(),
                  r.files(),
                  status(),
                  Math.max(attempt(), graded.map(SubmissionGraded::attempt).orElse(0)),
                  r.at(),
                  graded.map(SubmissionGraded::at),
                  graded.map(SubmissionGraded::result),
                  attempts.stream().map(this::attemptView).toList(),
                  Optional.empty(),
                  r.lateness(),
                  rounds,
                  round.map(RegradeRequested::batchId).orElse(null),
                  r.priority() == JobPriority.PRACTICE,
                  adjustment,
                  chosenAt));
    }
  }

  private final ActorContext<Command> context;
  private final String submissionId;
  private final RunRefunds refunds;
  private final Set<ActorRef<Lookup>> watchers = new HashSet<>();

  public static PersistenceId persistenceId(String submissionId) {
    return PersistenceId.of(TYPE_KEY.name(), submissionId);
  }

  /** What a submission shows right after its receipt, before anything else happened to it. */
  static SubmissionView viewOnReceipt(SubmissionReceived received) {
    return State.receivedAs(received).view().orElseThrow();
  }

  /** Starts this entity's shards on the scheduler nodes; {@code refunds} gives runs back. */
  public static void init(ActorSystem<?> system, RunRefunds refunds) {
    ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), refunds)).withRole("scheduler"));
  }

  public static Behavior<Command> create(String submissionId) {
    return create(submissionId, RunRefunds.NONE);
  }

  public static Behavior<Command> create(String submissionId, RunRefunds refunds) {
    return Behaviors.setup(context -> new Submission(context, submissionId, refunds));
  }

  private Submission(ActorContext<Command> context, String submissionId, RunRefunds refunds) {
    super(persistenceId(submissionId));
    this.context = context;
    this.submissionId = submissionId;
    this.refunds = refunds;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  /**
   * A submission never saves a snapshot, so starting its entity does not ask the snapshot store for
   * one: a query saved for every submission graded.
   */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(MarkRunning.class, this::onMarkRunning)
        .onCommand(MarkEnded.class, this::onMarkEnded)
        .onCommand(RecordResult.class, this::onRecordResult)
        .onCommand(Regrade.class, this::onRegrade)
        .onCommand(Adjust.class, this::onAdjust)
        .onCommand(RemoveAdjustment.class, this::onRemoveAdjustment)
        .onCommand(Choose.class, this::onChoose)
        .onCommand(
            Get.class, (state, get) -> Effect().reply(get.replyTo(), new Lookup(state.view())))
        .onCommand(Watch.class, this::onWatch)
        .onCommand(
            WatcherGone.class,
            (state, gone) -> {
              watchers.remove(gone.watcher());
              return Effect().noReply();
            })
        .onCommand(
            GetFilesHash.class,
            (state, get) ->
                Effect()
                    .reply(
                        get.replyTo(),
                        new FilesHash(state.received().map(SubmissionReceived::filesHash))))
        .build();
  }

  private ReplyEffect<Event, State> onWatch(State state, Watch watch) {
    if (watchers.add(watch.watcher())) {
      context.watchWith(watch.watcher(), new WatcherGone(watch.watcher()));
    }
    return Effect().reply(watch.watcher(), new Lookup(state.view()));
  }

  /** Persists the event, then tells the watchers the submission as it is now. */
  private EffectBuilder<Event, State> persistAndTell(Event event) {
    return Effect()
        .persist(event)
        .thenRun(
            state -> {
              Lookup now = new Lookup(state.view());
              watchers.forEach(watcher -> watcher.tell(now));
            });
  }

  private ReplyEffect<Event, State> onMarkRunning(State state, MarkRunning m) {
    if (state.received().isEmpty()
        || state.graded().isPresent()
        || m.attempt() <= state.attempt()
        || m.attempt() < state.firstAttempt()) {
      return Effect().noReply();
    }
    return persistAndTell(new GradingStarted(m.attempt(), m.runnerId(), m.at())).thenNoReply();
  }

  private ReplyEffect<Event, State> onMarkEnded(State state, MarkEnded m) {
    if (state.received().isEmpty()
        || m.attempt() < state.firstAttempt()
        || state.hasEnded(m.attempt())) {
      return Effect().noReply();
    }
    return persistAndTell(new AttemptEnded(m.attempt(), m.ending(), m.reason(), m.at()))
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onRecordResult(State state, RecordResult r) {
    if (state.received().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error("no submission " + submissionId));
    }
    if (state.graded().isPresent()
        || r.attempt() < state.attempt()
        || r.attempt() < state.firstAttempt()) {
      return Effect().reply(r.replyTo(), StatusReply.ack());
    }
    if (r.attempt() != state.attempt()) {
      // Only the attempt the scheduler leased out (and marked running) is graded: a result for one
      // it never started comes from no runner the scheduler chose.
      return Effect()
          .reply(
              r.replyTo(),
              StatusReply.error(
                  "attempt "
                      + r.attempt()
                      + " of submission "
                      + submissionId
                      + " was never started"));
    }
    SubmissionReceived received = state.received().get();
    return persistAndTell(new SubmissionGraded(r.attempt(), r.result(), r.at()))
        .thenRun(
            s -> {
              if (r.result().verdict() == Verdict.INFRA_ERROR) {
                refunds.refund(
                    received.assignmentId(),
                    received.student(),
                    submissionId,
                    received.priority() == JobPriority.PRACTICE);
              }
            })
        .thenReply(r.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRegrade(State state, Regrade r) {
    if (state.received().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error("no submission " + submissionId));
    }
    if (state.received().get().priority() == JobPriority.PRACTICE) {
      return Effect().reply(r.replyTo(), StatusReply.error(PRACTICE_RUN));
    }
    if (state.graded().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error(IN_PROGRESS));
    }
    int first = Math.max(state.attempt(), state.graded().get().attempt()) + 1;
    SubmissionReceived received = state.received().get();
    return persistAndTell(new RegradeRequested(r.batchId(), r.specHash(), first, r.at(), r.actor()))
        .thenReply(
            r.replyTo(),
            s ->
                StatusReply.success(
                    new GradingJob(
                        submissionId,
                        received.assignmentId(),
                        received.student(),
                        received.flavour(),
                        r.specHash(),
                        received.filesHash(),
                        first,
                        received.at(),
                        JobPriority.REGRADE,
                        first)));
  }

  private ReplyEffect<Event, State> onAdjust(State state, Adjust a) {
    if (state.received().isEmpty()) {
      return Effect().reply(a.replyTo(), StatusReply.error("no submission " + submissionId));
    }
    if (state.received().get().priority() == JobPriority.PRACTICE) {
      return Effect().reply(a.replyTo(), StatusReply.error(PRACTICE_RUN));
    }
    if (!state.everGraded()) {
      return Effect().reply(a.replyTo(), StatusReply.error(NOT_GRADED));
    }
    return persistAndTell(new ScoreAdjusted(a.adjustment()))
        .thenReply(a.replyTo(), s -> StatusReply.success(s.view().orElseThrow()));
  }

  private ReplyEffect<Event, State> onRemoveAdjustment(State state, RemoveAdjustment r) {
    if (state.received().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error("no submission " + submissionId));
    }
    if (state.adjustment() == null) {
      return Effect().reply(r.replyTo(), StatusReply.success(state.view().orElseThrow()));
    }
    return persistAndTell(new AdjustmentRemoved(r.actor(), r.at()))
        .thenReply(r.replyTo(), s -> StatusReply.success(s.view().orElseThrow()));
  }

  private ReplyEffect<Event, State> onChoose(State state, Choose c) {
    if (state.received().isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.error("no submission " + submissionId));
    }
    if (state.received().get().priority() == JobPriority.PRACTICE) {
      return Effect().reply(c.replyTo(), StatusReply.error(PRACTICE_RUN));
    }
    return persistAndTell(new SubmissionChosen(c.actor(), c.at()))
        .thenReply(c.replyTo(), s -> StatusReply.success(s.view().orElseThrow()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(SubmissionReceived.class, (s, e) -> State.receivedAs(e))
        .onEvent(GradingStarted.class, State::started)
        .onEvent(AttemptEnded.class, State::ended)
        .onEvent(SubmissionGraded.class, State::withGrade)
        .onEvent(RegradeRequested.class, State::regraded)
        .onEvent(ScoreAdjusted.class, (s, e) -> s.withAdjustment(e.adjustment()))
        .onEvent(AdjustmentRemoved.class, (s, e) -> s.withAdjustment(null))
        .onEvent(SubmissionChosen.class, State::chosen)
        .build();
  }
}
