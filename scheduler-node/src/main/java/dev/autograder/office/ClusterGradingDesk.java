package dev.autograder.office;

import dev.autograder.Answers;
import dev.autograder.ContentHash;
import dev.autograder.course.SubmissionAllowance;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.Lateness;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.grading.Verdict;
import dev.autograder.port.CountedSubmissions;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.port.GradingDesk;
import dev.autograder.port.Refusal;
import dev.autograder.queue.Admission;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.JobStatus;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.queue.SubmissionMetadata;
import dev.autograder.queue.Telemetry;
import dev.autograder.queue.TelemetryHistory;
import dev.autograder.storage.BlobStore;
import dev.autograder.storage.SqlStore;
import dev.autograder.submission.Submission;
import dev.autograder.submission.SubmissionReceipts;
import dev.autograder.submission.SubmissionsTable;
import dev.autograder.submission.archive.SubmissionArchive;
import dev.autograder.submission.archive.SubmittedFile;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.CompletionStrategy;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The API's view of the grading cluster: sharded Submission and SubmissionAllowance entities, the
 * scheduler, the submissions' read table and the blob store.
 */
public final class ClusterGradingDesk implements GradingDesk {
  /** Views a slow reader may fall behind by; the oldest go first, the newest is what counts. */
  private static final int UPDATES_BUFFERED = 16;

  /**
   * How often a status stream renews its watches (see {@link SubmissionWatch}): often enough that a
   * moved scheduler or entity is back within half a minute, seldom enough to cost nothing (two
   * messages per stream) and to keep the entity from being passivated while watched.
   */
  private static final Duration WATCHES_RENEWED_EVERY = Duration.ofSeconds(30);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final ActorRef<SchedulerCommand> scheduler;
  private final BlobStore blobs;
  private final SubmissionReceipts receipts;
  private final SubmissionsTable submissions;
  private final SqlStore sql;
  private final SubmissionArchive archive;
  private final Duration askTimeout;

  /** Each student's practice runs per assignment in any hour. */
  private final SubmissionLimit practiceLimit;

  /** Where callbacks on the entities' and the scheduler's answers run (see {@link Answers}). */
  private final Executor callbacks;

  public ClusterGradingDesk(
      ActorSystem<?> system,
      ActorRef<SchedulerCommand> scheduler,
      BlobStore blobs,
      SubmissionReceipts receipts,
      SubmissionsTable submissions,
      SqlStore sql,
      SubmissionArchive archive,
      Duration askTimeout,
      int practicePerHour) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.scheduler = scheduler;
    this.blobs = blobs;
    this.receipts = receipts;
    this.submissions = submissions;
    this.sql = sql;
    this.archive = archive;
    this.askTimeout = askTimeout;
    this.practiceLimit = new SubmissionLimit(practicePerHour, 1);
    this.callbacks = system.executionContext();
  }

  private EntityRef<Submission.Command> entity(String submissionId) {
    return sharding.entityRefFor(Submission.TYPE_KEY, submissionId);
  }

  @Override
  public CompletionStage<SubmissionView> submit(
      AssignmentDetails assignment,
      String student,
      List<SubmittedFile> files,
      boolean staff,
      String actor) {
    Instant now = refuseUnlessOpen(assignment, staff);
    AssignmentRules rules = assignment.rules();
    Extension extension = assignment.extensions().get(student);
    if (!staff && now.isAfter(rules.closesAt(extension))) {
      throw Refusal.conflict(
          "deadline_passed", "the assignment closed at " + rules.closesAt(extension));
    }
    SubmissionLimit limit = staff ? null : rules.submissionLimit();
    return intake(
        assignment,
        student,
        files,
        actor,
        now,
        JobPriority.INTERACTIVE,
        rules.lateness(now, extension),
        new Allowance(
            SubmissionAllowance.entityId(assignment.id(), student),
            limit,
            (resetAt, wait) ->
                Refusal.conflict(
                    "limit_reached",
                    "you have used your "
                        + limit.count()
                        + " submissions in "
                        + limit.windowHours()
                        + " h; the next is possible at "
                        + resetAt,
                    wait)));
  }

  @Override
  public CompletionStage<SubmissionView> practise(
      AssignmentDetails assignment,
      String student,
      List<SubmittedFile> files,
      boolean staff,
      String actor) {
    Instant now = refuseUnlessOpen(assignment, staff);
    // An allowance entity of its own, so that practice never uses a run of the submission limit.
    return intake(
        assignment,
        student,
        files,
        actor,
        now,
        JobPriority.PRACTICE,
        Lateness.ON_TIME,
        new Allowance(
            SubmissionAllowance.practiceEntityId(assignment.id(), student),
            practiceLimit,
            (resetAt, wait) ->
                Refusal.tooMany(
                    "practice_limit",
                    "you have started "
                        + practiceLimit.count()
                        + " practice runs in the last hour, the most one may; the next is possible at "
                        + resetAt,
                    wait)));
  }

  /**
   * Refuses work on an assignment not set up, or (but for staff) not open yet; answers the time it
   * was asked.
   */
  private static Instant refuseUnlessOpen(AssignmentDetails assignment, boolean staff) {
    Instant now = Instant.now();
    refuseUnlessSetUp(assignment.setup());
    AssignmentRules rules = assignment.rules();
    if (!staff && rules.opensAt() != null && now.isBefore(rules.opensAt())) {
      throw Refusal.conflict("not_open", "the assignment opens at " + rules.opensAt());
    }
    return now;
  }

  /**
   * The runs a submission counts against: the {@link SubmissionAllowance} entity, its limit (null:
   * none) and the refusal past it, given when the next run is free and in how many seconds.
   */
  private record Allowance(
      String entityId, SubmissionLimit limit, BiFunction<Instant, Long, Refusal> refusal) {}

  /** Records a submission of {@code priority} under its allowance and lets its job out. */
  private CompletionStage<SubmissionView> intake(
      AssignmentDetails assignment,
      String student,
      List<SubmittedFile> files,
      String actor,
      Instant now,
      JobPriority priority,
      Lateness lateness,
      Allowance runs) {
    byte[] packed = archive.pack(files);
    List<String> paths = files.stream().map(SubmittedFile::path).toList();
    String submissionId = UUID.randomUUID().toString();
    String filesHash = ContentHash.sha256(packed);
    GradingJob job =
        new GradingJob(
                submissionId,
                assignment.id(),
                student,
                assignment.flavour(),
                assignment.specHash(),
                filesHash,
                1,
                now,
                priority)
            .withTimeLimitMillis(measuredLimit(assignment));
    boolean limited = runs.limit() != null;
    EntityRef<SubmissionAllowance.Command> allowance =
        sharding.entityRefFor(SubmissionAllowance.TYPE_KEY, runs.entityId());
    // The order makes a refusal leave no trace: the queue's place (in memory) first, so that a full
    // queue or a student with too many waiting never touches the allowance; then the run (reserved
    // in memory); only then the blob and the receipt. Whatever fails after the admission
    // gives the place back, and the run unless the submission was recorded.
    return withMetadata(job, assignment)
        .thenCompose(this::admit)
        .thenCompose(
            admitted ->
                reserveRun(runs, allowance, submissionId, now)
                    .thenCompose(granted -> blobs.put(packed))
                    .thenCompose(
                        stored ->
                            receipts.record(
                                new Submission.SubmissionReceived(
                                    submissionId,
                                    assignment.id(),
                                    assignment.courseId(),
                                    student,
                                    assignment.flavour(),
                                    assignment.specHash(),
                                    filesHash,
                                    paths,
                                    priority,
                                    lateness,
                                    now,
                                    actor)))
                    .whenComplete(
                        (view, failure) -> {
                          scheduler.tell(
                              failure == null
                                  ? new SchedulerCommand.Confirm(submissionId, job.flavour())
                                  : new SchedulerCommand.Cancel(submissionId, job.flavour()));
                          if (limited) {
                            if (failure == null) {
                              allowance.tell(
                                  new SubmissionAllowance.Commit(
                                      submissionId, now, system.ignoreRef()));
                            } else {
                              allowance.tell(new SubmissionAllowance.Release(submissionId));
                            }
                          }
                        }));
  }

  /**
   * A Gradescope autograder's job with what its submission_metadata.json says: the assignment, the
   * student and the submissions they made before this one (from the read side, so a moment behind;
   * a regrade's list leaves out the submission itself and those after it; practice runs are none).
   */
  private CompletionStage<GradingJob> withMetadata(GradingJob job, AssignmentDetails assignment) {
    if (!(assignment.spec() instanceof ScriptSpec)) {
      return CompletableFuture.completedFuture(job);
    }
    AssignmentRules rules = assignment.rules();
    Extension extension = assignment.extensions().get(job.student());
    return submissions
        .ofAssignment(assignment.id(), Optional.of(job.student()), false)
        .thenApply(
            earlier ->
                job.withMetadata(
                    new SubmissionMetadata(
                        assignment.title(),
                        assignment.courseId(),
                        rules.opensAt(),
                        rules.dueFor(extension),
                        extension != null ? extension.lateUntil() : rules.lateUntil(),
                        assignment.spec().maxScore(),
                        job.student(),
                        earlier.stream()
                            .filter(e -> !e.practice() && e.receivedAt().isBefore(job.receivedAt()))
                            .map(
                                e ->
                                    new SubmissionMetadata.Previous(
                                        e.receivedAt(),
                                        e.score(),
                                        e.verdict() == Verdict.INFRA_ERROR))
                            .toList())));
  }

  /** Until the spec's setup check found it ready, nothing is graded with it: 409, saying which. */
  private static void refuseUnlessSetUp(AssignmentSetup setup) {
    switch (setup.status()) {
      case PENDING ->
          throw Refusal.conflict(
              "setup_pending",
              "the assignment's grading setup is being checked; submissions open once it is ready");
      case FAILED ->
          throw Refusal.conflict(
              "setup_failed",
              "the assignment's grading setup failed its check; the instructor must upload a working one");
      case READY -> {}
    }
  }

  /** Reserves one of the student's runs under the allowance's limit, or refuses past it. */
  private CompletionStage<SubmissionAllowance.Usage> reserveRun(
      Allowance runs,
      EntityRef<SubmissionAllowance.Command> allowance,
      String submissionId,
      Instant now) {
    if (runs.limit() == null) {
      return CompletableFuture.completedFuture(null);
    }
    return Answers.on(
            callbacks,
            allowance.<SubmissionAllowance.Usage>ask(
                replyTo ->
                    new SubmissionAllowance.Reserve(submissionId, runs.limit(), now, replyTo),
                askTimeout))
        .thenApply(
            usage -> {
              if (!usage.granted()) {
                long wait =
                    usage.resetAt() == null
                        ? 60
                        : Math.max(1, Duration.between(now, usage.resetAt()).toSeconds());
                throw runs.refusal().apply(usage.resetAt(), wait);
              }
              return usage;
            });
  }

  /**
   * Holds the job's place in its queue: a full queue is a 503, a student with too many submissions
   * waiting in it a 429, both with Retry-After.
   */
  private CompletionStage<Admission.Admitted> admit(GradingJob job) {
    return Answers.on(
            callbacks,
            AskPattern.<SchedulerCommand, Admission>ask(
                scheduler,
                replyTo -> new SchedulerCommand.Admit(job, replyTo),
                askTimeout,
                system.scheduler()))
        .thenApply(
            admission -> {
              if (admission instanceof Admission.Admitted a) {
                return a;
              }
              if (admission instanceof Admission.QueueFull full) {
                throw Refusal.unavailable(
                    "queue_full",
                    "the "
                        + full.flavour()
                        + " queue is full ("
                        + full.queued()
                        + " submissions waiting); try again in "
                        + full.retryAfterSeconds()
                        + " s",
                    full.retryAfterSeconds());
              }
              if (admission instanceof Admission.TooManyQueued many) {
                throw Refusal.tooMany(
                    "too_many_queued",
                    many.student()
                        + " has "
                        + many.queued()
                        + " submissions waiting in the "
                        + many.flavour()
                        + " queue, the most one may have; try again in "
                        + many.retryAfterSeconds()
                        + " s, when the first has likely started",
                    many.retryAfterSeconds());
              }
              throw Refusal.invalid(
                  "unknown_flavour",
                  "the assignment's flavour "
                      + job.flavour()
                      + " is not configured on the scheduler");
            });
  }

  @Override
  public CompletionStage<Optional<SubmissionView>> submission(String id) {
    return Answers.on(callbacks, entity(id).ask(Submission.Get::new, askTimeout))
        .thenApply(Submission.Lookup::submission)
        .thenCompose(
            found -> {
              if (found.isEmpty() || found.get().status() == SubmissionStatus.GRADED) {
                return CompletableFuture.completedFuture(found);
              }
              SubmissionView view = found.get();
              return Answers.on(
                      callbacks,
                      AskPattern.<SchedulerCommand, JobStatus>ask(
                          scheduler,
                          replyTo -> new SchedulerCommand.GetJobStatus(id, view.flavour(), replyTo),
                          askTimeout,
                          system.scheduler()))
                  .thenApply(status -> Optional.of(view.withQueue(status)));
            });
  }

  @Override
  public Source<SubmissionView, NotUsed> updates(String id) {
    return Source.actorRef(
            message ->
                message == SubmissionWatch.Ended.INSTANCE
                    ? Optional.of(CompletionStrategy.draining())
                    : Optional.empty(),
            message -> message instanceof Refusal problem ? Optional.of(problem) : Optional.empty(),
            UPDATES_BUFFERED,
            OverflowStrategy.dropHead())
        .watchTermination(
            (stream, ended) -> {
              ActorRef<SubmissionWatch.Command> watch =
                  system.systemActorOf(
                      SubmissionWatch.create(
                          id, entity(id), scheduler, stream, WATCHES_RENEWED_EVERY),
                      "status-stream-" + UUID.randomUUID(),
                      Props.empty());
              ended.whenComplete((done, failure) -> watch.tell(SubmissionWatch.Stop.INSTANCE));
              return NotUsed.getInstance();
            })
        .map(SubmissionView.class::cast);
  }

  @Override
  public CompletionStage<Optional<byte[]>> submissionArchive(String id) {
    return Answers.on(callbacks, entity(id).ask(Submission.GetFilesHash::new, askTimeout))
        .thenCompose(
            files ->
                files.hash().isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<byte[]>empty())
                    : blobs.get(files.hash().get()));
  }

  @Override
  public CompletionStage<List<SubmissionSummary>> submissions(
      String assignmentId, Optional<String> student, boolean latestOnly) {
    return submissions.ofAssignment(assignmentId, student, latestOnly);
  }

  @Override
  public CompletionStage<SubmissionView> regrade(
      AssignmentDetails assignment, String submissionId, String actor) {
    refuseUnlessSetUp(assignment.setup());
    return requestRegrade(assignment, submissionId, null, actor)
        .thenCompose(job -> submission(submissionId))
        .thenApply(found -> found.orElseThrow(() -> Refusal.notFound("submission", submissionId)));
  }

  /** Starts a new grading round on the submission and queues its job. */
  private CompletionStage<GradingJob> requestRegrade(
      AssignmentDetails assignment, String submissionId, String batchId, String actor) {
    return Answers.on(
            callbacks,
            entity(submissionId)
                .<GradingJob>askWithStatus(
                    replyTo ->
                        new Submission.Regrade(
                            batchId, assignment.specHash(), actor, Instant.now(), replyTo),
                    askTimeout))
        .exceptionally(
            Refusal.whenEntitySays(
                Submission.IN_PROGRESS,
                () ->
                    Refusal.conflict(
                        "in_progress",
                        "the submission is being graded; regrade it once it is graded")))
        .exceptionally(
            Refusal.whenEntitySays(Submission.PRACTICE_RUN, ClusterGradingDesk::practiceRun))
        .thenApply(job -> job.withTimeLimitMillis(measuredLimit(assignment)))
        .thenCompose(job -> withMetadata(job, assignment))
        .thenCompose(job -> admitRegrade(job).thenApply(admitted -> job));
  }

  /**
   * The limit the setup check measured (0: none): every runner grades with the one the instructor
   * saw.
   */
  private static long measuredLimit(AssignmentDetails assignment) {
    return assignment.setup().report() == null ? 0 : assignment.setup().report().timeLimitMillis();
  }

  /**
   * Queues a regrade's job. Its round is persisted already, so a full queue only delays it: the
   * queue's reconciliation with the pending jobs picks it up.
   */
  private CompletionStage<Done> admitRegrade(GradingJob job) {
    return admit(job)
        .handle(
            (admitted, failure) -> {
              if (failure == null) {
                scheduler.tell(new SchedulerCommand.Confirm(job.submissionId(), job.flavour()));
              }
              return Done.getInstance();
            });
  }

  @Override
  public CompletionStage<SubmissionView> adjust(String submissionId, ScoreAdjustment adjustment) {
    return Answers.on(
            callbacks,
            entity(submissionId)
                .<SubmissionView>askWithStatus(
                    replyTo -> new Submission.Adjust(adjustment, replyTo), askTimeout))
        .exceptionally(
            Refusal.whenEntitySays(
                Submission.NOT_GRADED,
                () ->
                    Refusal.conflict(
                        "not_graded",
                        "the submission has no score to adjust yet; try once it is graded")))
        .exceptionally(
            Refusal.whenEntitySays(Submission.PRACTICE_RUN, ClusterGradingDesk::practiceRun));
  }

  /** A practice run counts for nothing: it is not regraded, adjusted or chosen. */
  private static Refusal practiceRun() {
    return Refusal.conflict(
        "practice_run",
        "a practice run counts for nothing: it is not regraded, adjusted or" + " chosen to count");
  }

  @Override
  public CompletionStage<SubmissionView> removeAdjustment(String submissionId, String actor) {
    return Answers.on(
        callbacks,
        entity(submissionId)
            .<SubmissionView>askWithStatus(
                replyTo -> new Submission.RemoveAdjustment(actor, Instant.now(), replyTo),
                askTimeout));
  }

  @Override
  public CompletionStage<SubmissionView> choose(String submissionId, String actor) {
    return Answers.on(
            callbacks,
            entity(submissionId)
                .<SubmissionView>askWithStatus(
                    replyTo -> new Submission.Choose(actor, Instant.now(), replyTo), askTimeout))
        .exceptionally(
            Refusal.whenEntitySays(Submission.PRACTICE_RUN, ClusterGradingDesk::practiceRun));
  }

  @Override
  public CompletionStage<RegradeBatch> regradeAll(
      AssignmentDetails assignment, Set<String> students, String actor) {
    refuseUnlessSetUp(assignment.setup());
    String batchId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    return submissions
        .ofAssignment(assignment.id(), Optional.empty(), false)
        .thenCompose(
            all -> {
              CountedSubmissions counted =
                  new CountedSubmissions(assignment.rules().countedSubmission(), all);
              List<String> ids =
                  students.stream()
                      .sorted()
                      .flatMap(
                          student ->
                              Stream.of(counted.latestOf(student), counted.of(student))
                                  .flatMap(Optional::stream))
                      .filter(s -> s.status() == SubmissionStatus.GRADED)
                      .map(SubmissionSummary::id)
                      .distinct()
                      .toList();
              return submissions
                  .createBatch(batchId, assignment.id(), ids, now)
                  .thenCompose(
                      created -> {
                        List<CompletableFuture<Boolean>> started =
                            ids.stream()
                                .map(
                                    id ->
                                        requestRegrade(assignment, id, batchId, actor)
                                            .handle((job, failure) -> failure == null)
                                            .toCompletableFuture())
                                .toList();
                        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                            .thenCompose(
                                done ->
                                    submissions.dropFromBatch(
                                        batchId,
                                        java.util.stream.IntStream.range(0, ids.size())
                                            .filter(i -> !started.get(i).join())
                                            .mapToObj(ids::get)
                                            .toList()));
                      });
            })
        .thenCompose(done -> submissions.batch(batchId))
        .thenApply(Optional::orElseThrow);
  }

  @Override
  public CompletionStage<Optional<RegradeBatch>> regradeBatch(String batchId) {
    return submissions.batch(batchId);
  }

  @Override
  public CompletionStage<QueuesStatus> queues() {
    return askScheduler(SchedulerCommand.GetQueues::new);
  }

  @Override
  public CompletionStage<Telemetry> telemetry() {
    return askScheduler(SchedulerCommand.GetTelemetry::new);
  }

  @Override
  public CompletionStage<TelemetryHistory> history() {
    return askScheduler(SchedulerCommand.GetHistory::new);
  }

  /** Asks the scheduler singleton; the answer's callbacks run on {@code callbacks}. */
  private <T> CompletionStage<T> askScheduler(Function<ActorRef<T>, SchedulerCommand> question) {
    return Answers.on(
        callbacks, AskPattern.ask(scheduler, question::apply, askTimeout, system.scheduler()));
  }

  @Override
  public ClusterView cluster() {
    var state = Cluster.get(system).state();
    var unreachable = state.getUnreachable();
    List<ClusterMember> members = new java.util.ArrayList<>();
    state
        .getMembers()
        .forEach(
            m ->
                members.add(
                    new ClusterMember(
                        m.address().toString(),
                        new java.util.TreeSet<>(m.getRoles()),
                        m.status().toString(),
                        !unreachable.contains(m))));
    return new ClusterView(members);
  }

  @Override
  public CompletionStage<Boolean> ready() {
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return CompletableFuture.completedFuture(false);
    }
    return sql.query("SELECT 1 AS one", r -> r.getInt("one")).thenApply(rows -> rows.size() == 1);
  }

  @Override
  public CompletionStage<String> storeBlob(byte[] content) {
    return blobs.put(content);
  }
}
