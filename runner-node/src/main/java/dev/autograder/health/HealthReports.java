package dev.autograder.health;

import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.SchedulerCommand;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Reports this runner node's health to the scheduler every {@code every}: the scheduler keeps the
 * latest, exports it, and offers the node's slots no jobs while it is unhealthy. The engine is
 * asked on the sandbox dispatcher; an engine that has not answered within {@code every} is reported
 * as not answering, and is not asked again until that call returns, so a hung engine holds one
 * thread, not one per report.
 */
public final class HealthReports extends AbstractBehavior<HealthReports.Command> {

  public sealed interface Command extends NoSerializationVerificationNeeded {}

  private record SchedulersChanged(Receptionist.Listing listing) implements Command {}

  private record EngineAnswered(NodeHealthProbe.EngineAnswer answer) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private final NodeHealthProbe probe;
  private final Executor sandboxDispatcher;
  private final Duration every;
  private final String address;
  private Optional<ActorRef<SchedulerCommand>> scheduler = Optional.empty();

  /** The engine call in flight, if any. */
  private CompletableFuture<NodeHealthProbe.EngineAnswer> asking;

  /**
   * @param address this node's cluster address, as the scheduler sees its runners' paths
   */
  public static Behavior<Command> create(
      NodeHealthProbe probe, String address, Executor sandboxDispatcher, Duration every) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, every);
                  return new HealthReports(ctx, probe, address, sandboxDispatcher, every);
                }));
  }

  private HealthReports(
      ActorContext<Command> context,
      NodeHealthProbe probe,
      String address,
      Executor sandboxDispatcher,
      Duration every) {
    super(context);
    this.probe = probe;
    this.sandboxDispatcher = sandboxDispatcher;
    this.every = every;
    this.address = address;
    ActorRef<Receptionist.Listing> listings =
        context.messageAdapter(Receptionist.Listing.class, SchedulersChanged::new);
    context
        .getSystem()
        .receptionist()
        .tell(Receptionist.subscribe(SchedulerCommand.SERVICE_KEY, listings));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            SchedulersChanged.class,
            changed -> {
              scheduler =
                  changed.listing().getServiceInstances(SchedulerCommand.SERVICE_KEY).stream()
                      .findFirst();
              return onTick();
            })
        .onMessage(Tick.class, t -> onTick())
        .onMessage(
            EngineAnswered.class,
            a -> {
              report(probe.measure(address, a.answer()));
              return this;
            })
        .build();
  }

  private Behavior<Command> onTick() {
    if (asking != null && !asking.isDone()) {
      // The engine has not answered the last call yet: it does not answer.
      report(probe.measure(address, NodeHealthProbe.EngineAnswer.SILENT));
      return this;
    }
    asking = CompletableFuture.supplyAsync(probe::askEngine, sandboxDispatcher);
    getContext()
        .pipeToSelf(
            asking
                .copy()
                .completeOnTimeout(
                    NodeHealthProbe.EngineAnswer.SILENT, every.toMillis(), TimeUnit.MILLISECONDS),
            (answer, failure) ->
                new EngineAnswered(failure == null ? answer : NodeHealthProbe.EngineAnswer.SILENT));
    return this;
  }

  private void report(NodeHealth health) {
    scheduler.ifPresent(s -> s.tell(new SchedulerCommand.ReportHealth(health)));
  }
}
