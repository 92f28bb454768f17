package dev.autograder.queue;

import dev.autograder.CborSerializable;
import dev.autograder.grading.GradingResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * What the scheduler singleton accepts, and all of it: the records here are the wire protocol (no
 * other class implements this interface). API nodes admit jobs and ask about jobs, queues and
 * telemetry (the scheduler's own telemetry asks for the queues too); runners ask for work, renew
 * leases and report results and their node's health; blob servers ask which jobs a runner node
 * holds. The singleton hands each job's message to its flavour's queue.
 */
public interface SchedulerCommand extends CborSerializable {

  /**
   * The scheduler registers under this key so that runners and blob servers find it wherever the
   * singleton lives (API nodes reach it through the singleton's proxy).
   */
  ServiceKey<SchedulerCommand> SERVICE_KEY =
      ServiceKey.create(SchedulerCommand.class, "autograder-scheduler");

  /**
   * Holds a place for a job in its flavour's queue (or says the queue is full) before the
   * submission is recorded, so that a refused submission leaves no trace. The job is not handed out
   * until {@link Confirm}; an unconfirmed place is given up after a while.
   */
  record Admit(GradingJob job, ActorRef<Admission> replyTo) implements SchedulerCommand {}

  /** The admitted job's submission is recorded: the job may be handed out. */
  record Confirm(String submissionId, String flavour) implements SchedulerCommand {}

  /** Recording the admitted job's submission failed: give up its place. */
  record Cancel(String submissionId, String flavour) implements SchedulerCommand {}

  /**
   * An idle runner asks for work. Repeating it is harmless: a runner waits in its queue at most
   * once, and the answer is a {@link RunnerMessage.JobOffered} when work is there.
   *
   * @param nodeSlots how many slots the runner's node has
   */
  record RequestJob(String flavour, String runnerId, int nodeSlots, ActorRef<RunnerMessage> runner)
      implements SchedulerCommand {}

  /**
   * A runner that is already busy got an offer (its earlier request crossed the offer): the job
   * goes back to the head of its queue with the same attempt. Taken only from {@code runner}, the
   * ActorRef the lease was offered to.
   */
  record JobDeclined(JobLease lease, ActorRef<RunnerMessage> runner) implements SchedulerCommand {}

  /**
   * A runner still works on its lease, this far: the lease's deadline moves on. Taken only from the
   * holder: {@code runner} must be the ActorRef the lease was offered to, for the current attempt.
   */
  record RenewLease(JobLease lease, Progress progress, ActorRef<RunnerMessage> runner)
      implements SchedulerCommand {}

  /**
   * A runner's result for its lease; acknowledged with {@link RunnerMessage.ResultRecorded}.
   * Recorded only from the holder ({@code runner}, the ActorRef the lease was offered to) for the
   * current attempt; an earlier attempt's result is acknowledged without being recorded, anything
   * else is dropped unanswered.
   */
  record JobFinished(JobLease lease, GradingResult result, ActorRef<RunnerMessage> runner)
      implements SchedulerCommand {}

  /** Where a submission's job is now. */
  record GetJobStatus(String submissionId, String flavour, ActorRef<JobStatus> replyTo)
      implements SchedulerCommand {}

  /**
   * Tells {@code watcher} where the submission's job is now, and again whenever that changes (a
   * coalesced push, not per change), until the watcher stops. A new or moved scheduler does not
   * know earlier watchers: they send this again now and then.
   */
  record WatchJob(String submissionId, String flavour, ActorRef<JobStatus> watcher)
      implements SchedulerCommand {}

  /** Every flavour's queue. */
  record GetQueues(ActorRef<QueuesStatus> replyTo) implements SchedulerCommand {}

  /** A runner node's latest measure of itself; see {@link NodeHealth}. */
  record ReportHealth(NodeHealth health) implements SchedulerCommand {}

  /** The scheduler's counters, histograms and runner nodes' health. */
  record GetTelemetry(ActorRef<Telemetry> replyTo) implements SchedulerCommand {}

  /**
   * The jobs of one flavour whose current lease a runner of the node at {@code runnerNode} (an
   * actor system's address) holds: an API node hands a blob only to a runner whose job names it.
   */
  record GetHeldJobs(String flavour, String runnerNode, ActorRef<HeldJobs> replyTo)
      implements SchedulerCommand {}

  /** The scheduler's recent history, for the operator page. */
  record GetHistory(ActorRef<TelemetryHistory> replyTo) implements SchedulerCommand {}
}
