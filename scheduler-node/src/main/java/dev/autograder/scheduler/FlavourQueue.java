package dev.autograder.scheduler;

import dev.autograder.blob.BlobCommand;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.Admission;
import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.HeldJobs;
import dev.autograder.queue.JobKind;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.JobStatus;
import dev.autograder.queue.Progress;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.submission.view.SubmissionView.Ending;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The queue of one flavour: jobs waiting for a runner (fairly, see {@link FairQueue}), runners
 * waiting for a job, and the leases in between. A lease has a deadline that the runner's renewals
 * move on; a runner that goes away (its node left, crashed or was downed) or stops renewing loses
 * its leases, and those jobs go back to the head of the queue with the next attempt. Only runners
 * whose node is up and reachable are offered work ({@link RunnerNodes}).
 *
 * <p>Two budgets end a job as INFRA_ERROR. {@code maxAttempts} counts the attempts that failed on a
 * runner that was there: the runner reported that the sandbox failed, or it stopped renewing its
 * lease while its node was still up and reachable. {@code maxRunnerLosses} counts the attempts lost
 * because the runner's node went away (died, left, was downed, or was unreachable when the lease
 * ran out): that is rarely the job's fault, so it does not use up the attempts; the bound still
 * ends a job that brings down every runner it is given.
 *
 * <p>Renewals and results are taken from the lease's holder only: the runner the lease was given to
 * (its ActorRef, not the runner id it names), for the attempt the queue holds now. Anything else is
 * logged and dropped, and a dropped result is never recorded: a result from another runner, for an
 * earlier attempt (the lease was lost and the job tried again) or for an attempt not handed out. An
 * earlier attempt's result and a repeat of the holder's result once it is recorded are answered
 * {@code ResultRecorded} all the same, so that the runner stops sending it and takes more work. A
 * result that could not be recorded leaves the lease with its holder, whose next sending is taken.
 *
 * <p>This actor decides; its state is kept beside it in pure classes tested on their own: the
 * waiting jobs in {@link FairQueue}, the idle runners in {@link RunnerSlots}, and the leases,
 * results being recorded and jobs just ended in {@link LeaseBook}.
 *
 * <p>Nothing here is persisted: a new queue (the singleton moved or restarted) rebuilds itself from
 * the submissions not graded yet, and re-adopts the leases of runners that still renew. The holder
 * of a rebuilt lease is unknown: the first runner that renews it or reports its result for that
 * attempt, naming the runner id the read side has, becomes its holder. A job the read side lists as
 * waiting may have been handed out by the previous queue just before it went (the read side is a
 * moment behind): the first runner to renew it or report it for its current attempt becomes its
 * holder too, so that no work is lost, as long as this queue has not handed that attempt out
 * itself. Either way the Submission entity records one result per attempt.
 */
public final class FlavourQueue extends AbstractBehavior<FlavourQueue.Command> {

  /**
   * @param capacity the most jobs that may wait (and be admitted unconfirmed) at once
   * @param leaseTtl a lease not renewed for this long is lost
   * @param reservationTtl an admitted job not confirmed for this long loses its place
   * @param reconcileEvery how often the queue checks the read side for jobs it does not know
   * @param idleTtl an idle runner that has not asked again for this long is offered nothing more
   * @param maxAttempts how many attempts may fail on a runner that was there (see above)
   * @param maxRunnerLosses how many attempts may be lost with their runner's node (see above)
   * @param maxQueuedPerStudent the most interactive submissions one student may have waiting (and
   *     admitted unconfirmed) here; regrades do not count and are never refused for it
   */
  public record Settings(
      String flavour,
      ActorRef<BlobCommand> blobs,
      int maxAttempts,
      int capacity,
      Duration leaseTtl,
      Duration reservationTtl,
      Duration reconcileEvery,
      Duration idleTtl,
      int maxRunnerLosses,
      int maxQueuedPerStudent) {
    public Settings {
      // Runners ask again every few seconds: no positive time would leave every one of them stale.
      if (idleTtl.isNegative() || idleTtl.isZero()) {
        throw new IllegalArgumentException("idle-runner-ttl must be positive, not " + idleTtl);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("max-attempts must be at least 1, not " + maxAttempts);
      }
      if (maxRunnerLosses < 1) {
        throw new IllegalArgumentException(
            "max-runner-losses must be at least 1, not " + maxRunnerLosses);
      }
      if (maxQueuedPerStudent < 1) {
        throw new IllegalArgumentException(
            "max-queued-per-student must be at least 1, not " + maxQueuedPerStudent);
      }
    }

    /** With the default bound on runner losses and no bound per student (tests, benchmarks). */
    public Settings(
        String flavour,
        ActorRef<BlobCommand> blobs,
        int maxAttempts,
        int capacity,
        Duration leaseTtl,
        Duration reservationTtl,
        Duration reconcileEvery,
        Duration idleTtl) {
      this(
          flavour,
          blobs,
          maxAttempts,
          capacity,
          leaseTtl,
          reservationTtl,
          reconcileEvery,
          idleTtl,
          DEFAULT_MAX_RUNNER_LOSSES,
          Integer.MAX_VALUE);
    }

    /** With no bound per student (tests, benchmarks). */
    public Settings(
        String flavour,
        ActorRef<BlobCommand> blobs,
        int maxAttempts,
        int capacity,
        Duration leaseTtl,
        Duration reservationTtl,
        Duration reconcileEvery,
        Duration idleTtl,
        int maxRunnerLosses) {
      this(
          flavour,
          blobs,
          maxAttempts,
          capacity,
          leaseTtl,
          reservationTtl,
          reconcileEvery,
          idleTtl,
          maxRunnerLosses,
          Integer.MAX_VALUE);
    }

    /** This queue with another bound per student. */
    public Settings withMaxQueuedPerStudent(int max) {
      return new Settings(
          flavour,
          blobs,
          maxAttempts,
          capacity,
          leaseTtl,
          reservationTtl,
          reconcileEvery,
          idleTtl,
          maxRunnerLosses,
          max);
    }
  }

  /** The default of {@code autograder.scheduler.max-runner-losses}. */
  public static final int DEFAULT_MAX_RUNNER_LOSSES = 10;

  public sealed interface Command extends NoSerializationVerificationNeeded {}

  public record Admit(GradingJob job, ActorRef<Admission> replyTo) implements Command {}

  public record Confirm(String submissionId) implements Command {}

  public record Cancel(String submissionId) implements Command {}

  public record Pull(String runnerId, int nodeSlots, ActorRef<RunnerMessage> runner)
      implements Command {}

  public record Decline(JobLease lease, ActorRef<RunnerMessage> runner) implements Command {}

  public record Renew(JobLease lease, Progress progress, ActorRef<RunnerMessage> runner)
      implements Command {}

  public record Finished(JobLease lease, GradingResult result, ActorRef<RunnerMessage> runner)
      implements Command {}

  public record Status(String submissionId, ActorRef<JobStatus> replyTo) implements Command {}

  public record Snapshot(ActorRef<FlavourStatus> replyTo) implements Command {}

  /** Tells the watcher the job's status now and whenever it changes; see {@link #changed}. */
  public record Watch(String submissionId, ActorRef<JobStatus> watcher) implements Command {}

  /**
   * The jobs whose lease a runner of the node at {@code runnerNode} holds; see
   * SchedulerCommand.GetHeldJobs.
   */
  public record HeldBy(String runnerNode, ActorRef<HeldJobs> replyTo) implements Command {}

  private record WatcherGone(ActorRef<JobStatus> watcher) implements Command {}

  private enum TellWatchers implements Command {
    INSTANCE
  }

  private record RunnerGone(ActorRef<RunnerMessage> runner) implements Command {}

  private record Recorded(JobLease lease, ActorRef<RunnerMessage> runner, boolean ok)
      implements Command {}

  private record Loaded(List<PendingJobs.PendingJob> jobs) implements Command {}

  private record LoadFailed(Throwable cause) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private enum Reconcile implements Command {
    INSTANCE
  }

  private record Reservation(GradingJob job, Instant until) {}

  /**
   * Changes are told to watchers at most this often: a burst of them is one message per watcher.
   */
  private static final Duration WATCHERS_TOLD_EVERY = Duration.ofMillis(200);

  private final Settings settings;
  private final TimerScheduler<Command> timers;
  private final SubmissionLedger ledger;
  private final RunnerNodes nodes;

  private final PendingJobs pending;
  private final FairQueue waiting = new FairQueue();
  private final Map<String, Reservation> reserved = new HashMap<>();

  /** Runners waiting for a job, and their nodes' slots; see {@link Settings#idleTtl}. */
  private final RunnerSlots<ActorRef<RunnerMessage>> slots;

  /** Leases, results being recorded, jobs just ended, unclaimed jobs, losses: the books. */
  private final LeaseBook<ActorRef<RunnerMessage>> book = new LeaseBook<>();

  private final Set<ActorRef<RunnerMessage>> watched = new HashSet<>();

  private final Map<String, Instant> waitingSince = new HashMap<>();
  private double averageJobMillis = 5000;
  private final RecentWaits recentWaits = new RecentWaits(1_000);

  /** Status streams: which job each watcher follows, and the status it was told last. */
  private final Map<ActorRef<JobStatus>, String> watchers = new HashMap<>();

  private final Map<ActorRef<JobStatus>, JobStatus> told = new HashMap<>();
  private final ActorRef<GradingTelemetry.Command> telemetry;

  /** What each job being recorded counts as once it is: see {@link #onRecorded}. */
  private final Map<String, GradingTelemetry.Completed> completing = new HashMap<>();

  public static Behavior<Command> create(
      Settings settings, SubmissionLedger ledger, PendingJobs pending) {
    return create(settings, ledger, pending, RunnerNodes.ALL);
  }

  /** A queue whose measures go nowhere (tests, benchmarks). */
  public static Behavior<Command> create(
      Settings settings, SubmissionLedger ledger, PendingJobs pending, RunnerNodes nodes) {
    return Behaviors.setup(
        ctx -> create(settings, ledger, pending, nodes, ctx.getSystem().ignoreRef()));
  }

  public static Behavior<Command> create(
      Settings settings,
      SubmissionLedger ledger,
      PendingJobs pending,
      RunnerNodes nodes,
      ActorRef<GradingTelemetry.Command> telemetry) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new FlavourQueue(ctx, timers, settings, ledger, pending, nodes, telemetry)));
  }

  private FlavourQueue(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Settings settings,
      SubmissionLedger ledger,
      PendingJobs pending,
      RunnerNodes nodes,
      ActorRef<GradingTelemetry.Command> telemetry) {
    super(context);
    this.telemetry = telemetry;
    this.settings = settings;
    this.timers = timers;
    this.slots = new RunnerSlots<>(settings.idleTtl());
    this.ledger = ledger;
    this.nodes = nodes;
    this.pending = pending;
    Duration tick = settings.leaseTtl().dividedBy(6);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, tick.isZero() ? Duration.ofMillis(100) : tick);
    timers.startTimerWithFixedDelay(Reconcile.INSTANCE, settings.reconcileEvery());
    load();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Admit.class, this::onAdmit)
        .onMessage(Confirm.class, this::onConfirm)
        .onMessage(
            Cancel.class,
            c -> {
              reserved.remove(c.submissionId());
              return this;
            })
        .onMessage(Pull.class, this::onPull)
        .onMessage(Decline.class, this::onDecline)
        .onMessage(Renew.class, this::onRenew)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Status.class, this::onStatus)
        .onMessage(Snapshot.class, this::onSnapshot)
        .onMessage(HeldBy.class, this::onHeldBy)
        .onMessage(Watch.class, this::onWatch)
        .onMessage(
            WatcherGone.class,
            gone -> {
              watchers.remove(gone.watcher());
              told.remove(gone.watcher());
              return this;
            })
        .onMessage(TellWatchers.class, t -> tellWatchers())
        .onMessage(RunnerGone.class, this::onRunnerGone)
        .onMessage(Recorded.class, this::onRecorded)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(
            LoadFailed.class,
            f -> {
              getContext()
                  .getLog()
                  .warn(
                      "{}: could not read the pending jobs: {}",
                      settings.flavour(),
                      f.cause().toString());
              return this;
            })
        .onMessage(Tick.class, t -> onTick())
        .onMessage(
            Reconcile.class,
            r -> {
              load();
              return this;
            })
        .build();
  }

  private void load() {
    getContext()
        .pipeToSelf(
            pending.load(settings.flavour()),
            (jobs, failure) -> failure == null ? new Loaded(jobs) : new LoadFailed(failure));
  }

  private boolean knows(String submissionId) {
    return waiting.contains(submissionId)
        || book.leased(submissionId)
        || reserved.containsKey(submissionId)
        || book.hasEnded(submissionId);
  }

  private Behavior<Command> onAdmit(Admit admit) {
    GradingJob job = admit.job();
    String id = job.submissionId();
    if (waiting.contains(id) || book.leased(id) || reserved.containsKey(id)) {
      admit.replyTo().tell(new Admission.Admitted(id));
      return this;
    }
    // A setup check is asked for until its outcome is recorded, and is never graded twice: its
    // outcome is final (a new spec is a new check, with an id of its own).
    if (job.kind() == JobKind.SETUP_CHECK && (book.isRecording(id) || book.hasEnded(id))) {
      admit.replyTo().tell(new Admission.Admitted(id));
      return this;
    }
    // Admitted again after it finished: a regrade, to queue now rather than at a reconciliation.
    book.forgetEnded(id);
    if (job.priority() == JobPriority.INTERACTIVE) {
      int own = queuedOf(job.student());
      if (own >= settings.maxQueuedPerStudent()) {
        admit
            .replyTo()
            .tell(
                new Admission.TooManyQueued(
                    settings.flavour(),
                    job.student(),
                    own,
                    settings.maxQueuedPerStudent(),
                    retryAfterSecondsFor(job.student())));
        return this;
      }
    }
    int queued = waiting.size() + reserved.size();
    if (queued >= settings.capacity()) {
      admit
          .replyTo()
          .tell(new Admission.QueueFull(settings.flavour(), queued, retryAfterSeconds()));
      return this;
    }
    reserved.put(
        job.submissionId(), new Reservation(job, Instant.now().plus(settings.reservationTtl())));
    admit.replyTo().tell(new Admission.Admitted(job.submissionId()));
    return this;
  }

  /** The student's interactive submissions waiting here or admitted and being recorded. */
  private int queuedOf(String student) {
    int reservations = 0;
    for (Reservation r : reserved.values()) {
      if (r.job().priority() == JobPriority.INTERACTIVE && r.job().student().equals(student)) {
        reservations++;
      }
    }
    return waiting.waitingOf(student, JobPriority.INTERACTIVE) + reservations;
  }

  /** When a place is likely free again: one job's time shared by the runners, within a minute. */
  private long retryAfterSeconds() {
    int runners = slots.idleCount() + book.runningSlots();
    if (runners == 0) {
      return 30;
    }
    return Math.max(1, Math.min(60, (long) Math.ceil(averageJobMillis / runners / 1000)));
  }

  /**
   * When the student's first waiting submission is likely to have started (and so freed one of
   * their places): the jobs ahead of it, and it, shared by the runners at the recent job time;
   * between 1 s and 10 min. With no runner, or none of theirs waiting yet, as for a full queue.
   */
  private long retryAfterSecondsFor(String student) {
    int runners = slots.idleCount() + book.runningSlots();
    var ahead = waiting.aheadOfFirst(student, JobPriority.INTERACTIVE);
    if (runners == 0 || ahead.isEmpty()) {
      return retryAfterSeconds();
    }
    double millis = (ahead.get() + 1) / (double) runners * averageJobMillis;
    return Math.max(1, Math.min(600, (long) Math.ceil(millis / 1000)));
  }

  private Behavior<Command> onConfirm(Confirm confirm) {
    Reservation r = reserved.remove(confirm.submissionId());
    if (r != null) {
      enqueue(r.job());
      telemetry.tell(new GradingTelemetry.Received(settings.flavour(), r.job().priority()));
    }
    return dispatch();
  }

  private void enqueue(GradingJob job) {
    waiting.add(job);
    waitingSince.putIfAbsent(job.submissionId(), Instant.now());
  }

  private Behavior<Command> onPull(Pull pull) {
    if (!nodes.serving(pull.runner())) {
      // Not watched either: see RunnerNodes. It asks again every few seconds.
      if (slots.refusedFirstTime(pull.runner(), Instant.now())) {
        getContext()
            .getLog()
            .info(
                "runner {} asks for work while its node is not up, reachable and healthy: offered none until it is",
                pull.runnerId());
      }
      return this;
    }
    if (watched.add(pull.runner())) {
      getContext().watchWith(pull.runner(), new RunnerGone(pull.runner()));
    }
    slots.asked(pull.runner(), pull.runnerId(), pull.nodeSlots(), Instant.now());
    return dispatch();
  }

  private Behavior<Command> dispatch() {
    Instant now = Instant.now();
    while (!waiting.isEmpty()) {
      // An unhealthy node's slot waits in line no more: it asks again, and is heard once healthy.
      var offer = slots.next(now, nodes::serving);
      if (offer.isEmpty()) {
        break;
      }
      var next = offer.get();
      GradingJob job = waiting.poll().orElseThrow();
      book.claimed(job.submissionId());
      Instant queuedAt = waitingSince.remove(job.submissionId());
      if (queuedAt != null) {
        long waited = Duration.between(queuedAt, now).toMillis();
        recentWaits.add(waited);
        telemetry.tell(new GradingTelemetry.Started(settings.flavour(), waited));
      }
      JobLease lease =
          new JobLease(job, next.runnerId(), settings.blobs(), settings.leaseTtl().toMillis() / 3);
      book.hold(
          new LeaseBook.Held<>(
              lease, next.runner(), now.plus(settings.leaseTtl()), now, Progress.STARTING));
      next.runner().tell(new RunnerMessage.JobOffered(lease));
      ledger.started(lease);
    }
    changed();
    return this;
  }

  /**
   * Something that watchers may see changed (places, progress, estimates): they are told within
   * {@link #WATCHERS_TOLD_EVERY}, each only if its job's status differs from what it was told.
   */
  private void changed() {
    if (!watchers.isEmpty() && !timers.isTimerActive(TellWatchers.INSTANCE)) {
      timers.startSingleTimer(TellWatchers.INSTANCE, WATCHERS_TOLD_EVERY);
    }
  }

  private Behavior<Command> tellWatchers() {
    watchers.forEach(
        (watcher, submissionId) -> {
          JobStatus now = statusOf(submissionId);
          if (!now.equals(told.get(watcher))) {
            told.put(watcher, now);
            watcher.tell(now);
          }
        });
    return this;
  }

  private Behavior<Command> onWatch(Watch watch) {
    if (watchers.put(watch.watcher(), watch.submissionId()) == null) {
      getContext().watchWith(watch.watcher(), new WatcherGone(watch.watcher()));
    }
    // A renewed watch is answered too: the watcher's renewal doubles as its safety re-read.
    JobStatus now = statusOf(watch.submissionId());
    told.put(watch.watcher(), now);
    watch.watcher().tell(now);
    return this;
  }

  /**
   * A declined offer goes back to the head with the same attempt, when it comes from the runner the
   * lease was offered to, for this attempt.
   */
  private Behavior<Command> onDecline(Decline decline) {
    JobLease lease = decline.lease();
    var active = book.lease(lease.submissionId());
    if (active != null
        && decline.runner().equals(active.runner())
        && active.lease().attempt() == lease.attempt()) {
      book.release(lease.submissionId());
      waiting.addFirst(active.lease().job());
    }
    return dispatch();
  }

  private Behavior<Command> onRenew(Renew renew) {
    JobLease lease = renew.lease();
    LeaseBook.Held<ActorRef<RunnerMessage>> held = heldBy(lease, renew.runner());
    if (held != null) {
      book.hold(
          held.renewed(renew.runner(), renew.progress(), Instant.now().plus(settings.leaseTtl())));
      changed();
    } else if (!book.reportedBy(lease, renew.runner())) {
      // A runner renews while it reports its result: that is no stranger's renewal.
      getContext()
          .getLog()
          .info(
              "submission {}: renewal of attempt {} from {} ({}) dropped: {}",
              lease.submissionId(),
              lease.attempt(),
              lease.runnerId(),
              renew.runner().path(),
              notHeldBecause(lease));
    }
    return this;
  }

  /**
   * The lease this renewal or result is for, when its sender holds it; a lease rebuilt from the
   * read side, or a waiting job the previous queue may have handed out, is adopted by its first
   * claimant (see the class comment). Null when the sender does not hold the lease.
   */
  private LeaseBook.Held<ActorRef<RunnerMessage>> heldBy(
      JobLease lease, ActorRef<RunnerMessage> runner) {
    String id = lease.submissionId();
    var active = book.lease(id);
    if (active != null) {
      if (active.lease().attempt() != lease.attempt()) {
        return null;
      }
      if (active.runner() != null) {
        return active.runner().equals(runner) ? active : null;
      }
      if (!active.lease().runnerId().equals(lease.runnerId())) {
        return null;
      }
      return adopt(active.lease(), active.started(), active.progress(), runner);
    }
    if (book.isUnclaimed(id)) {
      GradingJob job = waiting.job(id).orElse(null);
      if (job != null && job.attempt() == lease.attempt()) {
        waiting.remove(id);
        waitingSince.remove(id);
        JobLease claimed =
            new JobLease(
                job, lease.runnerId(), settings.blobs(), settings.leaseTtl().toMillis() / 3);
        ledger.started(claimed);
        return adopt(claimed, Instant.now(), Progress.STARTING, runner);
      }
    }
    return null;
  }

  private LeaseBook.Held<ActorRef<RunnerMessage>> adopt(
      JobLease lease, Instant started, Progress progress, ActorRef<RunnerMessage> runner) {
    book.claimed(lease.submissionId());
    if (watched.add(runner)) {
      getContext().watchWith(runner, new RunnerGone(runner));
    }
    getContext()
        .getLog()
        .info(
            "submission {}: runner {} still grades attempt {}",
            lease.submissionId(),
            lease.runnerId(),
            lease.attempt());
    LeaseBook.Held<ActorRef<RunnerMessage>> adopted =
        new LeaseBook.Held<>(
            lease, runner, Instant.now().plus(settings.leaseTtl()), started, progress);
    book.hold(adopted);
    return adopted;
  }

  /** The attempt of this job the queue holds now, or 0 when it does not know the job. */
  private int currentAttempt(String submissionId) {
    var active = book.running(submissionId);
    if (active != null) {
      return active.lease().attempt();
    }
    Reservation r = reserved.get(submissionId);
    if (r != null) {
      return r.job().attempt();
    }
    var job = waiting.job(submissionId);
    if (job.isPresent()) {
      return job.get().attempt();
    }
    LeaseBook.Ended<ActorRef<RunnerMessage>> ended = book.endedOf(submissionId);
    return ended == null ? 0 : ended.attempt();
  }

  private String notHeldBecause(JobLease lease) {
    int current = currentAttempt(lease.submissionId());
    if (current == 0) {
      return "the queue does not know the job";
    }
    if (lease.attempt() < current) {
      return "attempt " + current + " superseded it";
    }
    if (lease.attempt() > current) {
      return "the current attempt is " + current;
    }
    var active = book.lease(lease.submissionId());
    return active == null
        ? "the attempt is not leased"
        : "the lease is held by "
            + active.lease().runnerId()
            + (active.runner() == null
                ? " (not yet renewed after a failover)"
                : " (" + active.runner().path() + ")");
  }

  /**
   * A result its sender does not hold: not recorded. A repeat of the holder's recorded result and
   * an earlier attempt's result are answered, so that the runner stops sending it.
   */
  private Behavior<Command> dropResult(Finished done) {
    JobLease lease = done.lease();
    if (book.reportedBy(lease, done.runner())) {
      if (!book.isRecording(lease.submissionId())) {
        done.runner().tell(new RunnerMessage.ResultRecorded(lease.submissionId(), lease.attempt()));
      }
      return this;
    }
    int current = currentAttempt(lease.submissionId());
    getContext()
        .getLog()
        .warn(
            "submission {}: result {} of attempt {} from {} ({}) dropped, not recorded: {}",
            lease.submissionId(),
            done.result().verdict(),
            lease.attempt(),
            lease.runnerId(),
            done.runner().path(),
            notHeldBecause(lease));
    if (current > lease.attempt()) {
      done.runner().tell(new RunnerMessage.ResultRecorded(lease.submissionId(), lease.attempt()));
    }
    return this;
  }

  private Behavior<Command> onFinished(Finished done) {
    LeaseBook.Held<ActorRef<RunnerMessage>> held = heldBy(done.lease(), done.runner());
    if (held == null) {
      return dropResult(done);
    }
    // The queue's own lease from here on: the message's copy of the job is the sender's word.
    JobLease lease = held.lease();
    book.release(lease.submissionId());
    long millis = Duration.between(held.started(), Instant.now()).toMillis();
    averageJobMillis = 0.8 * averageJobMillis + 0.2 * millis;
    telemetry.tell(new GradingTelemetry.Graded(settings.flavour(), millis));
    if (done.result().verdict() == Verdict.INFRA_ERROR) {
      ledger.ended(lease, Ending.SANDBOX_FAILED, done.result().log());
      telemetry.tell(
          new GradingTelemetry.AttemptLost(
              settings.flavour(), GradingCounters.Cause.SANDBOX_FAILED));
    }
    if (done.result().verdict() == Verdict.INFRA_ERROR
        && failures(lease.job()) < settings.maxAttempts()) {
      getContext()
          .getLog()
          .warn(
              "submission {} attempt {} failed on {}: {}; trying again ({})",
              lease.submissionId(),
              lease.attempt(),
              lease.runnerId(),
              done.result().log(),
              budgets(lease.job()));
      waiting.addFirst(lease.job().nextAttempt());
      done.runner().tell(new RunnerMessage.ResultRecorded(lease.submissionId(), lease.attempt()));
      return dispatch();
    }
    book.recordingStarted(held);
    record(lease, done.result(), done.runner(), GradingCounters.Cause.SANDBOX_FAILED);
    return this;
  }

  /** The attempts of this round that failed on a runner that was there, this one included. */
  private int failures(GradingJob job) {
    return job.triesInRound() - book.lossesOf(job.submissionId());
  }

  private String budgets(GradingJob job) {
    return failures(job)
        + " of "
        + settings.maxAttempts()
        + " attempts failed, "
        + book.lossesOf(job.submissionId())
        + " of "
        + settings.maxRunnerLosses()
        + " lost with runner nodes";
  }

  /**
   * @param cause why, should the result be an INFRA_ERROR
   */
  private void record(
      JobLease lease,
      GradingResult result,
      ActorRef<RunnerMessage> runner,
      GradingCounters.Cause cause) {
    book.forgetLosses(lease.submissionId());
    completing.put(
        lease.submissionId(),
        new GradingTelemetry.Completed(settings.flavour(), result.verdict(), cause));
    book.ended(lease.submissionId(), lease.attempt(), runner, Instant.now());
    changed();
    getContext()
        .pipeToSelf(
            ledger.graded(lease, result),
            (done, failure) -> new Recorded(lease, runner, failure == null));
  }

  private Behavior<Command> onRecorded(Recorded recorded) {
    String id = recorded.lease().submissionId();
    var held = book.recordingDone(id);
    changed();
    GradingTelemetry.Completed completed = completing.remove(id);
    if (recorded.ok()) {
      if (completed != null) {
        telemetry.tell(completed);
      }
      if (recorded.runner() != null) {
        recorded.runner().tell(new RunnerMessage.ResultRecorded(id, recorded.lease().attempt()));
      }
    } else {
      book.forgetEnded(id);
      if (held != null && !book.leased(id)) {
        // The runner still holds the lease (it renews while it reports) and sends the result again;
        // if it never does, the lease runs out and the job is tried again.
        book.hold(
            held.renewed(held.runner(), held.progress(), Instant.now().plus(settings.leaseTtl())));
      }
      getContext()
          .getLog()
          .warn("could not record the result of submission {}; the runner will send it again", id);
    }
    return this;
  }

  private Behavior<Command> onRunnerGone(RunnerGone gone) {
    slots.gone(gone.runner());
    if (gone.runner().path().address().hasGlobalScope()) {
      // A remote runner is usually gone with its node: the node's other idle slots would only
      // swallow the jobs of the leases lost here. If they are alive, they ask again within seconds.
      slots.dropIdleOnNodeOf(gone.runner(), r -> r.path().address());
    }
    watched.remove(gone.runner());
    book.heldBy(gone.runner())
        .forEach(
            l -> lose(l, Ending.RUNNER_LOST, "its runner " + l.lease().runnerId() + " went away"));
    return dispatch();
  }

  /**
   * The lease's runner is gone or silent: the job goes back to the head, or ends once one of its
   * two budgets is used up (see the class comment).
   */
  private void lose(LeaseBook.Held<ActorRef<RunnerMessage>> l, Ending ending, String why) {
    book.release(l.lease().submissionId());
    ledger.ended(l.lease(), ending, why);
    GradingCounters.Cause cause =
        ending == Ending.RUNNER_LOST
            ? GradingCounters.Cause.RUNNER_GONE
            : GradingCounters.Cause.LEASE_EXPIRED;
    telemetry.tell(new GradingTelemetry.AttemptLost(settings.flavour(), cause));
    GradingJob job = l.lease().job();
    String id = job.submissionId();
    boolean last;
    if (ending == Ending.RUNNER_LOST) {
      last = book.lost(id) >= settings.maxRunnerLosses();
    } else {
      last = failures(job) >= settings.maxAttempts();
    }
    if (last) {
      getContext()
          .getLog()
          .warn(
              "submission {} lost attempt {}, the last, because {} ({}): INFRA_ERROR",
              id,
              job.attempt(),
              why,
              budgets(job));
      record(
          l.lease(),
          GradingResult.infrastructureFailure(
              ending == Ending.RUNNER_LOST
                  ? "grading was lost "
                      + book.lossesOf(id)
                      + " times because its runner's node went away"
                  : "grading failed " + failures(job) + " times because runners stopped answering",
              0),
          null,
          cause);
    } else {
      getContext()
          .getLog()
          .warn(
              "submission {} lost attempt {} because {}; queued again at the head ({})",
              id,
              job.attempt(),
              why,
              budgets(job));
      waiting.addFirst(job.nextAttempt());
    }
  }

  private Behavior<Command> onTick() {
    Instant now = Instant.now();
    // A killed node's leases can run out before the cluster has seen it unreachable (with a short
    // lease on a busy machine, by a second or so): an unreachable or removed node's lease is lost
    // with its node; a lease on a node the cluster still sees gets half a lease time more for the
    // failure detector to speak, and only then counts as the runner's own failure.
    book.expired(now)
        .forEach(
            l -> {
              if (l.runner() != null && !nodes.serving(l.runner())) {
                lose(
                    l,
                    Ending.RUNNER_LOST,
                    "its lease was not renewed and its runner "
                        + l.lease().runnerId()
                        + "'s node is not up and reachable");
              } else if (l.runner() != null && !l.overdue()) {
                book.hold(l.graced(now.plus(settings.leaseTtl().dividedBy(2))));
              } else {
                lose(l, Ending.LEASE_EXPIRED, "its lease was not renewed");
              }
            });
    slots.prune(now);
    reserved.values().removeIf(r -> r.until().isBefore(now));
    book.forgetEndedBefore(now.minus(settings.reconcileEvery().multipliedBy(4)));
    return dispatch();
  }

  private Behavior<Command> onLoaded(Loaded loaded) {
    int added = 0;
    for (PendingJobs.PendingJob p : loaded.jobs()) {
      GradingJob job = p.job();
      if (knows(job.submissionId())) {
        continue;
      }
      added++;
      if (p.runnerId().isPresent()) {
        // A runner may still be grading it: give the runner one lease time to renew.
        Instant now = Instant.now();
        book.hold(
            new LeaseBook.Held<>(
                new JobLease(
                    job, p.runnerId().get(), settings.blobs(), settings.leaseTtl().toMillis() / 3),
                null,
                now.plus(settings.leaseTtl()),
                now,
                Progress.STARTING));
      } else {
        enqueue(job);
        book.unclaimed(job.submissionId());
      }
    }
    if (added > 0) {
      getContext()
          .getLog()
          .info("{}: took up {} pending jobs from the read side", settings.flavour(), added);
    }
    return dispatch();
  }

  private Behavior<Command> onStatus(Status status) {
    status.replyTo().tell(statusOf(status.submissionId()));
    return this;
  }

  private JobStatus statusOf(String id) {
    int runners = slots.idleCount() + book.runningSlots();
    var lease = book.running(id);
    if (lease != null) {
      return new JobStatus(
          id, JobStatus.State.RUNNING, 0, 0, runners, lease.progress(), lease.lease().runnerId());
    }
    if (waiting.contains(id)) {
      int ahead = waiting.ahead(id).orElse(0);
      long estimate =
          runners == 0 ? -1 : (long) ((ahead / (double) runners + 0.5) * averageJobMillis);
      return new JobStatus(id, JobStatus.State.WAITING, ahead, estimate, runners, null, null);
    }
    return JobStatus.unknown(id);
  }

  /**
   * Only leases whose holder is known count: one rebuilt after a failover counts once its runner
   * renews it.
   */
  private Behavior<Command> onHeldBy(HeldBy held) {
    held.replyTo()
        .tell(
            new HeldJobs(
                book
                    .heldWhere(r -> r.path().address().toString().equals(held.runnerNode()))
                    .stream()
                    .map(l -> l.lease().job())
                    .toList()));
    return this;
  }

  private Behavior<Command> onSnapshot(Snapshot snapshot) {
    Map<Object, Integer> slotsByNode = slots.slotsByNode(r -> r.path().address());
    Instant now = Instant.now();
    long oldest =
        waitingSince.values().stream()
            .min(Instant::compareTo)
            .map(t -> Duration.between(t, now).toMillis())
            .orElse(0L);
    snapshot
        .replyTo()
        .tell(
            new FlavourStatus(
                settings.flavour(),
                waiting.size() + reserved.size(),
                book.leaseCount(),
                slots.idleCount(),
                book.runningSlots(),
                slotsByNode.size(),
                slotsByNode.values().stream().mapToInt(i -> i).sum(),
                oldest,
                (long) averageJobMillis,
                settings.capacity(),
                recentWaits.percentiles()));
    return this;
  }
}
