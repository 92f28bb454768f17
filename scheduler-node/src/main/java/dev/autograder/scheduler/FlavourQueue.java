package dev.autograder.scheduler;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.RunnerMessage;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The queue of one flavour: jobs waiting for a runner, runners waiting for a job, and the leases
 * in between. A runner that goes away (its node left, crashed or was downed) loses its leases, and
 * those jobs go back to the head of the queue with the next attempt; after the configured number
 * of attempts a job ends as INFRA_ERROR.
 */
public final class FlavourQueue extends AbstractBehavior<FlavourQueue.Command> {

  public record Settings(String flavour, String blobBaseUrl, int maxAttempts) {}

  public sealed interface Command extends NoSerializationVerificationNeeded {}

  public record Offer(GradingJob job) implements Command {}

  public record Pull(String runnerId, ActorRef<RunnerMessage> runner) implements Command {}

  public record Decline(JobLease lease) implements Command {}

  public record Finished(JobLease lease, GradingResult result, ActorRef<RunnerMessage> runner) implements Command {}

  private record RunnerGone(ActorRef<RunnerMessage> runner) implements Command {}

  private record Recorded(JobLease lease, ActorRef<RunnerMessage> runner, boolean ok) implements Command {}

  private record ActiveLease(JobLease lease, ActorRef<RunnerMessage> runner) {}

  private final Settings settings;
  private final SubmissionLedger ledger;
  private final ArrayDeque<GradingJob> jobs = new ArrayDeque<>();
  /** Idle runners in the order they asked, each once. */
  private final LinkedHashMap<ActorRef<RunnerMessage>, String> idle = new LinkedHashMap<>();
  private final Map<String, ActiveLease> leases = new HashMap<>();
  private final Set<ActorRef<RunnerMessage>> watched = new HashSet<>();

  public static Behavior<Command> create(Settings settings, SubmissionLedger ledger) {
    return Behaviors.setup(ctx -> new FlavourQueue(ctx, settings, ledger));
  }

  private FlavourQueue(ActorContext<Command> context, Settings settings, SubmissionLedger ledger) {
    super(context);
    this.settings = settings;
    this.ledger = ledger;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Offer.class, this::onOffer)
        .onMessage(Pull.class, this::onPull)
        .onMessage(Decline.class, this::onDecline)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(RunnerGone.class, this::onRunnerGone)
        .onMessage(Recorded.class, this::onRecorded)
        .build();
  }

  private Behavior<Command> onOffer(Offer offer) {
    String id = offer.job().submissionId();
    if (!leases.containsKey(id) && jobs.stream().noneMatch(j -> j.submissionId().equals(id))) {
      jobs.addLast(offer.job());
    }
    return dispatch();
  }

  private Behavior<Command> onPull(Pull pull) {
    if (watched.add(pull.runner())) {
      getContext().watchWith(pull.runner(), new RunnerGone(pull.runner()));
    }
    idle.putIfAbsent(pull.runner(), pull.runnerId());
    return dispatch();
  }

  private Behavior<Command> dispatch() {
    while (!jobs.isEmpty() && !idle.isEmpty()) {
      var next = idle.entrySet().iterator().next();
      idle.remove(next.getKey());
      GradingJob job = jobs.removeFirst();
      JobLease lease = new JobLease(job, next.getValue(), settings.blobBaseUrl());
      leases.put(job.submissionId(), new ActiveLease(lease, next.getKey()));
      next.getKey().tell(new RunnerMessage.JobOffered(lease));
      ledger.started(lease);
    }
    return this;
  }

  private Behavior<Command> onDecline(Decline decline) {
    if (releases(decline.lease())) {
      jobs.addFirst(decline.lease().job());
    }
    return dispatch();
  }

  /** Removes the lease when it is the current one for its job. */
  private boolean releases(JobLease lease) {
    ActiveLease active = leases.get(lease.submissionId());
    if (active != null && active.lease().attempt() == lease.attempt()) {
      leases.remove(lease.submissionId());
      return true;
    }
    return false;
  }

  private Behavior<Command> onFinished(Finished finished) {
    JobLease lease = finished.lease();
    boolean current = releases(lease);
    if (current && finished.result().verdict() == Verdict.INFRA_ERROR && lease.attempt() < settings.maxAttempts()) {
      getContext().getLog().warn("submission {} attempt {} failed on {}: {}; trying again", lease.submissionId(),
          lease.attempt(), lease.runnerId(), finished.result().log());
      jobs.addFirst(lease.job().nextAttempt());
      finished.runner().tell(new RunnerMessage.ResultRecorded(lease.submissionId(), lease.attempt()));
      return dispatch();
    }
    record(lease, finished.result(), finished.runner());
    return this;
  }

  private void record(JobLease lease, GradingResult result, ActorRef<RunnerMessage> runner) {
    getContext().pipeToSelf(ledger.graded(lease.submissionId(), lease.attempt(), result),
        (done, failure) -> new Recorded(lease, runner, failure == null));
  }

  private Behavior<Command> onRecorded(Recorded recorded) {
    if (recorded.ok()) {
      if (recorded.runner() != null) {
        recorded.runner().tell(new RunnerMessage.ResultRecorded(recorded.lease().submissionId(), recorded.lease().attempt()));
      }
    } else {
      getContext().getLog().warn("could not record the result of submission {}; the runner will send it again",
          recorded.lease().submissionId());
    }
    return this;
  }

  private Behavior<Command> onRunnerGone(RunnerGone gone) {
    idle.remove(gone.runner());
    watched.remove(gone.runner());
    var lost = leases.values().stream().filter(l -> l.runner().equals(gone.runner())).toList();
    for (ActiveLease l : lost) {
      leases.remove(l.lease().submissionId());
      GradingJob job = l.lease().job();
      if (job.attempt() >= settings.maxAttempts()) {
        getContext().getLog().warn("submission {} lost its runner on attempt {}, the last: INFRA_ERROR",
            job.submissionId(), job.attempt());
        record(l.lease(), GradingResult.infrastructureFailure(
            "grading failed " + job.attempt() + " times because runners went away", 0), null);
      } else {
        getContext().getLog().warn("submission {} lost its runner {} on attempt {}; queued again at the head",
            job.submissionId(), l.lease().runnerId(), job.attempt());
        jobs.addFirst(job.nextAttempt());
      }
    }
    return dispatch();
  }
}
