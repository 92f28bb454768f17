package dev.autograder.scheduler;

import dev.autograder.flavour.Flavour;
import dev.autograder.queue.SchedulerCommand;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.pattern.StatusReply;

/**
 * The cluster singleton that schedules grading: one {@link FlavourQueue} child per configured
 * flavour. It registers with the receptionist so runners find it wherever it lives.
 */
public final class SchedulerActor extends AbstractBehavior<SchedulerCommand> {

  public record Settings(Map<String, Flavour> flavours, String blobBaseUrl, int maxAttempts) {}

  private final Map<String, ActorRef<FlavourQueue.Command>> queues = new HashMap<>();

  public static Behavior<SchedulerCommand> create(Settings settings, SubmissionLedger ledger) {
    return Behaviors.setup(ctx -> new SchedulerActor(ctx, settings, ledger));
  }

  private SchedulerActor(ActorContext<SchedulerCommand> context, Settings settings, SubmissionLedger ledger) {
    super(context);
    for (String flavour : settings.flavours().keySet()) {
      queues.put(flavour, context.spawn(FlavourQueue.create(
          new FlavourQueue.Settings(flavour, settings.blobBaseUrl(), settings.maxAttempts()), ledger),
          "queue-" + flavour));
    }
    context.getSystem().receptionist().tell(Receptionist.register(SchedulerCommand.SERVICE_KEY, context.getSelf()));
    context.getLog().info("scheduler started with flavours {}", queues.keySet());
  }

  @Override
  public Receive<SchedulerCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(SchedulerCommand.Enqueue.class, this::onEnqueue)
        .onMessage(SchedulerCommand.RequestJob.class, r -> forward(r.flavour(), new FlavourQueue.Pull(r.runnerId(), r.runner())))
        .onMessage(SchedulerCommand.JobDeclined.class, d -> forward(d.lease().job().flavour(), new FlavourQueue.Decline(d.lease())))
        .onMessage(SchedulerCommand.JobFinished.class, f -> forward(f.lease().job().flavour(),
            new FlavourQueue.Finished(f.lease(), f.result(), f.runner())))
        .build();
  }

  private Behavior<SchedulerCommand> onEnqueue(SchedulerCommand.Enqueue enqueue) {
    ActorRef<FlavourQueue.Command> queue = queues.get(enqueue.job().flavour());
    if (queue == null) {
      enqueue.replyTo().tell(StatusReply.error("no flavour " + enqueue.job().flavour()));
    } else {
      queue.tell(new FlavourQueue.Offer(enqueue.job()));
      enqueue.replyTo().tell(StatusReply.success(Done.getInstance()));
    }
    return this;
  }

  private Behavior<SchedulerCommand> forward(String flavour, FlavourQueue.Command command) {
    ActorRef<FlavourQueue.Command> queue = queues.get(flavour);
    if (queue == null) {
      getContext().getLog().warn("a runner speaks of flavour {}, which this scheduler does not have", flavour);
    } else {
      queue.tell(command);
    }
    return this;
  }
}
