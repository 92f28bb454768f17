package dev.autograder.scheduler;

import dev.autograder.queue.JobLease;
import dev.autograder.queue.Progress;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one flavour's queue knows of the jobs it handed out: the leases runners hold, the results
 * being recorded, the jobs that ended a moment ago, the waiting jobs a previous queue may have
 * handed out, and the attempts each job lost with its runner's node. The state beside {@link
 * FlavourQueue}, pure and on its own, as {@link FairQueue} is for the waiting jobs; the queue
 * decides, this keeps the books. {@code R} is how a runner is known (its ActorRef in the queue).
 */
final class LeaseBook<R> {

  /**
   * A job handed to a runner. The runner is null for a lease rebuilt from the read side until it
   * renews; {@code overdue} once it was given grace for a late renewal.
   */
  record Held<R>(
      JobLease lease,
      R runner,
      Instant deadline,
      Instant started,
      Progress progress,
      boolean overdue) {

    Held(JobLease lease, R runner, Instant deadline, Instant started, Progress progress) {
      this(lease, runner, deadline, started, progress, false);
    }

    Held<R> renewed(R by, Progress now, Instant until) {
      return new Held<>(lease, by, until, started, now, false);
    }

    /** Not renewed in time on a node the cluster still sees: it gets until {@code until}. */
    Held<R> graced(Instant until) {
      return new Held<>(lease, runner, until, started, progress, true);
    }
  }

  /**
   * A job whose result was recorded (or is being recorded): which attempt, whose (null: the queue's
   * own).
   */
  record Ended<R>(int attempt, R runner, Instant at) {}

  private final Map<String, Held<R>> leases = new HashMap<>();

  /**
   * Jobs whose result is being recorded, with their last progress: until the Submission entity has
   * it, the job still shows as running where it was, never as starting again.
   */
  private final Map<String, Held<R>> recording = new HashMap<>();

  /** Jobs finished recently: the read side may still list them for a moment. */
  private final Map<String, Ended<R>> finished = new LinkedHashMap<>();

  /**
   * Waiting jobs taken up from the read side whose current attempt this queue has not handed out:
   * the previous queue may have, and that runner may still renew it or report it.
   */
  private final Set<String> unclaimed = new HashSet<>();

  /** Per job of the current round, how many attempts it lost with its runner's node. */
  private final Map<String, Integer> runnerLosses = new HashMap<>();

  // Leases.

  Held<R> lease(String submissionId) {
    return leases.get(submissionId);
  }

  boolean leased(String submissionId) {
    return leases.containsKey(submissionId);
  }

  void hold(Held<R> held) {
    leases.put(held.lease().submissionId(), held);
  }

  Held<R> release(String submissionId) {
    return leases.remove(submissionId);
  }

  int leaseCount() {
    return leases.size();
  }

  /** Leases whose holder is known: a rebuilt one counts once its runner renews it. */
  int runningSlots() {
    return (int) leases.values().stream().filter(l -> l.runner() != null).count();
  }

  /** The leases this runner holds. */
  List<Held<R>> heldBy(R runner) {
    return leases.values().stream().filter(l -> runner.equals(l.runner())).toList();
  }

  /** The leases with a known holder that matches. */
  List<Held<R>> heldWhere(Predicate<R> holder) {
    return leases.values().stream()
        .filter(l -> l.runner() != null && holder.test(l.runner()))
        .toList();
  }

  /** The leases whose deadline has passed. */
  List<Held<R>> expired(Instant now) {
    return leases.values().stream().filter(l -> l.deadline().isBefore(now)).toList();
  }

  /**
   * The job's lease, or the lease whose result is being recorded: the job is running either way.
   */
  Held<R> running(String submissionId) {
    Held<R> held = leases.get(submissionId);
    return held != null ? held : recording.get(submissionId);
  }

  // Results being recorded.

  void recordingStarted(Held<R> held) {
    recording.put(held.lease().submissionId(), held);
  }

  boolean isRecording(String submissionId) {
    return recording.containsKey(submissionId);
  }

  Held<R> recordingDone(String submissionId) {
    return recording.remove(submissionId);
  }

  // Ended jobs.

  void ended(String submissionId, int attempt, R runner, Instant at) {
    finished.put(submissionId, new Ended<>(attempt, runner, at));
  }

  boolean hasEnded(String submissionId) {
    return finished.containsKey(submissionId);
  }

  Ended<R> endedOf(String submissionId) {
    return finished.get(submissionId);
  }

  void forgetEnded(String submissionId) {
    finished.remove(submissionId);
  }

  /** Forgets jobs that ended before {@code cutoff}: the read side no longer lists them by then. */
  void forgetEndedBefore(Instant cutoff) {
    finished.values().removeIf(e -> e.at().isBefore(cutoff));
  }

  /**
   * Whether this runner already reported this attempt, and its result is recorded or being
   * recorded.
   */
  boolean reportedBy(JobLease lease, R runner) {
    Held<R> inFlight = recording.get(lease.submissionId());
    if (inFlight != null) {
      return inFlight.lease().attempt() == lease.attempt() && runner.equals(inFlight.runner());
    }
    Ended<R> ended = finished.get(lease.submissionId());
    return ended != null && ended.attempt() == lease.attempt() && runner.equals(ended.runner());
  }

  // Waiting jobs a previous queue may have handed out.

  void unclaimed(String submissionId) {
    unclaimed.add(submissionId);
  }

  boolean isUnclaimed(String submissionId) {
    return unclaimed.contains(submissionId);
  }

  void claimed(String submissionId) {
    unclaimed.remove(submissionId);
  }

  // Attempts lost with a runner's node.

  int lossesOf(String submissionId) {
    return runnerLosses.getOrDefault(submissionId, 0);
  }

  /** Counts one more loss and returns how many the job has lost this round. */
  int lost(String submissionId) {
    return runnerLosses.merge(submissionId, 1, Integer::sum);
  }

  void forgetLosses(String submissionId) {
    runnerLosses.remove(submissionId);
  }
}
