package dev.autograder.queue;

import dev.autograder.CborSerializable;
import dev.autograder.grading.GradingResult;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * What the scheduler singleton accepts from API nodes and runners. It is an open interface because
 * the scheduler adds private messages of its own; the records here are the wire protocol.
 */
public interface SchedulerCommand extends CborSerializable {

  /** The scheduler registers under this key so that runners find it wherever the singleton lives. */
  ServiceKey<SchedulerCommand> SERVICE_KEY =
      ServiceKey.create(SchedulerCommand.class, "autograder-scheduler");

  /** Queue a received submission; answered once the job is in its flavour queue. */
  record Enqueue(GradingJob job, ActorRef<StatusReply<Done>> replyTo) implements SchedulerCommand {}

  /**
   * An idle runner asks for work. Repeating it is harmless: a runner waits in its queue at most
   * once, and the answer is a {@link RunnerMessage.JobOffered} when work is there.
   */
  record RequestJob(String flavour, String runnerId, ActorRef<RunnerMessage> runner)
      implements SchedulerCommand {}

  /**
   * A runner that is already busy got an offer (its earlier request crossed the offer): the job
   * goes back to the head of its queue with the same attempt.
   */
  record JobDeclined(JobLease lease) implements SchedulerCommand {}

  /** A runner's result for its lease; acknowledged with {@link RunnerMessage.ResultRecorded}. */
  record JobFinished(JobLease lease, GradingResult result, ActorRef<RunnerMessage> runner)
      implements SchedulerCommand {}
}
