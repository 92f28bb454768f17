package dev.autograder.office;

import dev.autograder.port.Refusal;
import dev.autograder.queue.JobStatus;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.submission.Submission;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Duration;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * One open status stream: the Submission entity and the job's flavour queue push their changes
 * here, and each change goes out to the stream as the submission's whole view, with where its job
 * is. Watching the entity answers the submission as it is at once, so no event between the stream's
 * start and its first view is missed. Once the view is GRADED it is sent and the stream completes.
 *
 * <p>Both watches live in memory over there: a passivated or moved entity, or a scheduler that
 * moved to another node, forgets them. So they are sent again every {@code renewEvery}; each answer
 * is also a fresh read, which heals a push lost on the way.
 */
final class SubmissionWatch extends AbstractBehavior<SubmissionWatch.Command> {

  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** The stream ended (closed by the client, timed out or done): the watch ends with it. */
  enum Stop implements Command {
    INSTANCE
  }

  private record Seen(Submission.Lookup lookup) implements Command {}

  private record Placed(JobStatus status) implements Command {}

  private enum Renew implements Command {
    INSTANCE
  }

  /** Told to the stream after the last view: it completes once that view is out. */
  enum Ended {
    INSTANCE
  }

  private final String submissionId;
  private final EntityRef<Submission.Command> entity;
  private final ActorRef<SchedulerCommand> scheduler;
  private final org.apache.pekko.actor.ActorRef stream;
  private final ActorRef<Submission.Lookup> seen;
  private final ActorRef<JobStatus> placed;
  private SubmissionView view;
  private JobStatus status;

  static Behavior<Command> create(
      String submissionId,
      EntityRef<Submission.Command> entity,
      ActorRef<SchedulerCommand> scheduler,
      org.apache.pekko.actor.ActorRef stream,
      Duration renewEvery) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Renew.INSTANCE, renewEvery);
                  return new SubmissionWatch(context, submissionId, entity, scheduler, stream);
                }));
  }

  private SubmissionWatch(
      ActorContext<Command> context,
      String submissionId,
      EntityRef<Submission.Command> entity,
      ActorRef<SchedulerCommand> scheduler,
      org.apache.pekko.actor.ActorRef stream) {
    super(context);
    this.submissionId = submissionId;
    this.entity = entity;
    this.scheduler = scheduler;
    this.stream = stream;
    this.seen = context.messageAdapter(Submission.Lookup.class, Seen::new);
    this.placed = context.messageAdapter(JobStatus.class, Placed::new);
    entity.tell(new Submission.Watch(seen));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Seen.class, this::onSeen)
        .onMessage(
            Placed.class,
            p -> {
              status = p.status();
              return emit();
            })
        .onMessage(
            Renew.class,
            r -> {
              entity.tell(new Submission.Watch(seen));
              watchJob();
              return this;
            })
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onSeen(Seen s) {
    if (s.lookup().submission().isEmpty()) {
      send(Refusal.notFound("submission", submissionId));
      return ended();
    }
    boolean first = view == null;
    view = s.lookup().submission().get();
    if (view.status() == SubmissionStatus.GRADED) {
      send(view);
      send(Ended.INSTANCE);
      return ended();
    }
    if (first) {
      watchJob();
    }
    return emit();
  }

  /** The stream has all it will get: wait, watching nothing more, for it to end. */
  private static Behavior<Command> ended() {
    return Behaviors.receiveMessage(
        m -> m == Stop.INSTANCE ? Behaviors.stopped() : Behaviors.same());
  }

  private void watchJob() {
    if (view != null) {
      scheduler.tell(new SchedulerCommand.WatchJob(submissionId, view.flavour(), placed));
    }
  }

  /** A view not graded goes out with where its job is, once the scheduler has said so. */
  private Behavior<Command> emit() {
    if (view != null && status != null) {
      send(view.withQueue(status));
    }
    return this;
  }

  private void send(Object message) {
    stream.tell(message, org.apache.pekko.actor.ActorRef.noSender());
  }
}
