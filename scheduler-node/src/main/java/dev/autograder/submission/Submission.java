package dev.autograder.submission;

import dev.autograder.CborSerializable;
import dev.autograder.grading.GradingResult;
import dev.autograder.queue.JobPriority;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
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
 * One student's submission to one assignment, event-sourced: received, each grading attempt
 * started, graded. The first result of the current attempt is the one recorded; duplicates and
 * results of superseded attempts are acknowledged and ignored.
 */
public final class Submission
    extends EventSourcedBehaviorWithEnforcedReplies<Submission.Command, Submission.Event, Submission.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Submission");
  /** Every event carries this tag, for the read side. */
  public static final String TAG = "submission";

  public sealed interface Command extends CborSerializable {}

  public record Receive(String assignmentId, String student, String flavour, String specHash, String filesHash,
      List<String> files, JobPriority priority, Instant at, ActorRef<StatusReply<SubmissionView>> replyTo)
      implements Command {}

  /** A runner took the job for this attempt; no reply, the scheduler does not wait for it. */
  public record MarkRunning(int attempt, String runnerId, Instant at) implements Command {}

  public record RecordResult(int attempt, GradingResult result, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record Get(ActorRef<Lookup> replyTo) implements Command {}

  /** The answer to {@link Get}: empty when no submission has this id. */
  public record Lookup(Optional<SubmissionView> submission) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record SubmissionReceived(String submissionId, String assignmentId, String student, String flavour,
      String specHash, String filesHash, List<String> files, JobPriority priority, Instant at) implements Event {}

  public record GradingStarted(int attempt, String runnerId, Instant at) implements Event {}

  public record SubmissionGraded(int attempt, GradingResult result, Instant at) implements Event {}

  /** Empty until received; then its attempts and, once graded, the result. */
  public record State(Optional<SubmissionReceived> received, List<GradingStarted> attempts,
      Optional<SubmissionGraded> graded) implements CborSerializable {

    static State empty() {
      return new State(Optional.empty(), List.of(), Optional.empty());
    }

    int attempt() {
      return attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).attempt();
    }

    State started(GradingStarted e) {
      List<GradingStarted> more = new java.util.ArrayList<>(attempts);
      more.add(e);
      return new State(received, List.copyOf(more), graded);
    }

    SubmissionStatus status() {
      return graded.isPresent() ? SubmissionStatus.GRADED
          : attempt() > 0 ? SubmissionStatus.RUNNING : SubmissionStatus.QUEUED;
    }

    Optional<SubmissionView> view() {
      return received.map(r -> new SubmissionView(r.submissionId(), r.assignmentId(), r.flavour(), r.student(), r.files(),
          status(), Math.max(attempt(), graded.map(SubmissionGraded::attempt).orElse(0)), r.at(),
          graded.map(SubmissionGraded::at), graded.map(SubmissionGraded::result),
          attempts.stream().map(a -> new SubmissionView.Attempt(a.attempt(), a.runnerId(), a.at())).toList(),
          Optional.empty()));
    }
  }

  private final String submissionId;

  public static Behavior<Command> create(String submissionId) {
    return new Submission(submissionId);
  }

  private Submission(String submissionId) {
    super(PersistenceId.of(TYPE_KEY.name(), submissionId));
    this.submissionId = submissionId;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Receive.class, this::onReceive)
        .onCommand(MarkRunning.class, this::onMarkRunning)
        .onCommand(RecordResult.class, this::onRecordResult)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), new Lookup(state.view())))
        .build();
  }

  private ReplyEffect<Event, State> onReceive(State state, Receive r) {
    if (state.received().isPresent()) {
      return Effect().reply(r.replyTo(), StatusReply.error("submission " + submissionId + " exists"));
    }
    return Effect()
        .persist(new SubmissionReceived(submissionId, r.assignmentId(), r.student(), r.flavour(), r.specHash(),
            r.filesHash(), r.files(), r.priority(), r.at()))
        .thenReply(r.replyTo(), s -> StatusReply.success(s.view().orElseThrow()));
  }

  private ReplyEffect<Event, State> onMarkRunning(State state, MarkRunning m) {
    if (state.received().isEmpty() || state.graded().isPresent() || m.attempt() <= state.attempt()) {
      return Effect().noReply();
    }
    return Effect().persist(new GradingStarted(m.attempt(), m.runnerId(), m.at())).thenNoReply();
  }

  private ReplyEffect<Event, State> onRecordResult(State state, RecordResult r) {
    if (state.received().isEmpty()) {
      return Effect().reply(r.replyTo(), StatusReply.error("no submission " + submissionId));
    }
    if (state.graded().isPresent() || r.attempt() < state.attempt()) {
      return Effect().reply(r.replyTo(), StatusReply.ack());
    }
    return Effect().persist(new SubmissionGraded(r.attempt(), r.result(), r.at()))
        .thenReply(r.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(SubmissionReceived.class, (s, e) -> new State(Optional.of(e), List.of(), Optional.empty()))
        .onEvent(GradingStarted.class, State::started)
        .onEvent(SubmissionGraded.class, (s, e) -> new State(s.received(), s.attempts(), Optional.of(e)))
        .build();
  }
}
