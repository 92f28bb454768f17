package dev.autograder.office;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.Answers;
import dev.autograder.account.AccountsTable;
import dev.autograder.account.ClusterIdentity;
import dev.autograder.audit.AuditLogTable;
import dev.autograder.course.Assignment;
import dev.autograder.course.Course;
import dev.autograder.course.EnrolmentsTable;
import dev.autograder.course.SubmissionAllowance;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.port.CountedSubmissions;
import dev.autograder.port.CourseOffice;
import dev.autograder.port.GradingDesk.SubmissionSummary;
import dev.autograder.port.Identity.AccountView;
import dev.autograder.port.NewAssignment;
import dev.autograder.port.Refusal;
import dev.autograder.queue.Admission;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.storage.BlobStore;
import dev.autograder.submission.SubmissionsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Courses, rosters and assignments on their sharded entities; lists and the grade book from the
 * read tables.
 */
public final class ClusterCourseOffice implements CourseOffice {
  private static final int SPEC_CACHE = 1_000;

  private final ClusterSharding sharding;
  private final ClusterIdentity identity;
  private final AccountsTable accounts;
  private final EnrolmentsTable enrolments;
  private final SubmissionsTable submissions;
  private final AuditLogTable audit;
  private final BlobStore blobs;
  private final FlavourCatalog flavours;
  private final ObjectMapper json;
  private final Duration askTimeout;
  private final ActorRef<SchedulerCommand> scheduler;
  private final ActorRef<Admission> ignoredAdmissions;

  /** Where callbacks on the entities' answers run (see {@link Answers}). */
  private final Executor callbacks;

  /** Specs are named by their content, so a cached one is never stale. */
  private final Map<String, GradingSpec> specs =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, GradingSpec> eldest) {
              return size() > SPEC_CACHE;
            }
          });

  public ClusterCourseOffice(
      ClusterSharding sharding,
      ClusterIdentity identity,
      AccountsTable accounts,
      EnrolmentsTable enrolments,
      SubmissionsTable submissions,
      AuditLogTable audit,
      BlobStore blobs,
      FlavourCatalog flavours,
      ObjectMapper json,
      Duration askTimeout,
      ActorRef<SchedulerCommand> scheduler,
      ActorRef<Admission> ignoredAdmissions,
      Executor callbacks) {
    this.sharding = sharding;
    this.identity = identity;
    this.accounts = accounts;
    this.enrolments = enrolments;
    this.submissions = submissions;
    this.audit = audit;
    this.blobs = blobs;
    this.flavours = flavours;
    this.json = json;
    this.askTimeout = askTimeout;
    this.scheduler = scheduler;
    this.ignoredAdmissions = ignoredAdmissions;
    this.callbacks = callbacks;
  }

  private EntityRef<Course.Command> courseRef(String id) {
    return sharding.entityRefFor(Course.TYPE_KEY, id);
  }

  private EntityRef<Assignment.Command> assignmentRef(String id) {
    return sharding.entityRefFor(Assignment.TYPE_KEY, id);
  }

  @Override
  public CompletionStage<CourseSummary> createCourse(NewCourse request) {
    return Answers.on(
            callbacks,
            courseRef(request.id())
                .<Course.Summary>askWithStatus(
                    replyTo ->
                        new Course.Create(
                            request.code(),
                            request.title(),
                            request.term(),
                            Instant.now(),
                            replyTo),
                    askTimeout))
        .exceptionally(
            Refusal.whenEntitySays(
                Course.EXISTS,
                () ->
                    Refusal.conflict(
                        "course_exists", "a course with id " + request.id() + " exists")))
        .thenApply(c -> new CourseSummary(c.courseId(), c.code(), c.title(), c.term(), null));
  }

  @Override
  public CompletionStage<Optional<CourseSummary>> course(String courseId) {
    return summary(courseId)
        .thenApply(
            found ->
                found.map(
                    c -> new CourseSummary(c.courseId(), c.code(), c.title(), c.term(), null)));
  }

  @Override
  public CompletionStage<CourseSummary> reviseCourse(String courseId, NewCourse revised) {
    return Answers.on(
            callbacks,
            courseRef(courseId)
                .<Course.Summary>askWithStatus(
                    replyTo ->
                        new Course.Revise(
                            revised.code(),
                            revised.title(),
                            revised.term(),
                            Instant.now(),
                            replyTo),
                    askTimeout))
        .thenApply(c -> new CourseSummary(c.courseId(), c.code(), c.title(), c.term(), null));
  }

  private CompletionStage<Optional<Course.Summary>> summary(String courseId) {
    if (!COURSE_ID.matcher(courseId).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return Answers.on(callbacks, courseRef(courseId).ask(Course.GetSummary::new, askTimeout))
        .thenApply(Course.Lookup::course);
  }

  @Override
  public CompletionStage<Membership> membership(String courseId, String username) {
    if (!COURSE_ID.matcher(courseId).matches()) {
      return CompletableFuture.completedFuture(new Membership(false, Optional.empty()));
    }
    return Answers.on(
            callbacks,
            courseRef(courseId)
                .ask(
                    (org.apache.pekko.actor.typed.ActorRef<Course.Membership> replyTo) ->
                        new Course.GetRole(username, replyTo),
                    askTimeout))
        .thenApply(m -> new Membership(m.courseExists(), m.role()));
  }

  @Override
  public CompletionStage<List<CourseSummary>> courses(String username) {
    return enrolments.courses(username);
  }

  @Override
  public CompletionStage<List<RosterEntry>> roster(String courseId) {
    return Answers.on(callbacks, courseRef(courseId).ask(Course.GetRoster::new, askTimeout))
        .thenCompose(
            roster ->
                accounts
                    .displayNames(roster.members().keySet())
                    .thenCompose(
                        names -> withNamesNotProjectedYet(names, roster.members().keySet()))
                    .thenApply(
                        names ->
                            roster.members().entrySet().stream()
                                .map(
                                    e ->
                                        new RosterEntry(
                                            e.getKey(),
                                            names.getOrDefault(e.getKey(), e.getKey()),
                                            e.getValue()))
                                .sorted(
                                    Comparator.comparing(RosterEntry::role)
                                        .thenComparing(RosterEntry::username))
                                .toList()));
  }

  /**
   * The read table lags the accounts a roster import just created: their names come from the
   * accounts themselves, so that the roster shows them at once.
   */
  private CompletionStage<Map<String, String>> withNamesNotProjectedYet(
      Map<String, String> projected, Collection<String> members) {
    List<CompletableFuture<Optional<AccountView>>> missing =
        members.stream()
            .filter(username -> !projected.containsKey(username))
            .map(username -> identity.account(username).toCompletableFuture())
            .toList();
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(projected);
    }
    return CompletableFuture.allOf(missing.toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              Map<String, String> names = new HashMap<>(projected);
              missing.forEach(
                  found -> found.join().ifPresent(a -> names.put(a.username(), a.displayName())));
              return names;
            });
  }

  @Override
  public CompletionStage<RosterEntry> enrol(
      String courseId, String username, CourseRole role, String actor) {
    return identity
        .account(username)
        .thenCompose(
            found -> {
              var account = found.orElseThrow(() -> Refusal.notFound("account", username));
              return Answers.on(
                      callbacks,
                      courseRef(courseId)
                          .<Done>askWithStatus(
                              replyTo ->
                                  new Course.Enrol(
                                      Map.of(username, role), actor, Instant.now(), replyTo),
                              askTimeout))
                  .thenApply(done -> new RosterEntry(username, account.displayName(), role));
            });
  }

  @Override
  public CompletionStage<Boolean> unenrol(String courseId, String username, String actor) {
    return Answers.on(
            callbacks,
            courseRef(courseId)
                .<Done>askWithStatus(
                    replyTo -> new Course.Remove(username, actor, Instant.now(), replyTo),
                    askTimeout))
        .thenApply(done -> true)
        .exceptionally(
            failure -> {
              if (Refusal.isEntityRefusal(failure, Course.MISSING)) {
                return false;
              }
              throw new CompletionException(Refusal.causeOf(failure));
            });
  }

  @Override
  public CompletionStage<RosterImport> importRoster(
      String courseId, List<RosterLine> lines, String actor) {
    List<CompletableFuture<Optional<CreatedAccount>>> accountsReady =
        lines.stream()
            .map(
                line ->
                    identity
                        .account(line.username())
                        .thenCompose(
                            found -> {
                              if (found.isPresent()) {
                                return CompletableFuture.completedFuture(
                                    Optional.<CreatedAccount>empty());
                              }
                              return identity
                                  .registerGenerated(line.username(), line.displayName(), false)
                                  .thenApply(
                                      created ->
                                          Optional.of(
                                              new CreatedAccount(
                                                  created.username(), created.initialPassword())));
                            })
                        .toCompletableFuture())
            .toList();
    Map<String, CourseRole> members = new TreeMap<>();
    lines.forEach(line -> members.put(line.username(), line.role()));
    return CompletableFuture.allOf(accountsReady.toArray(CompletableFuture[]::new))
        .thenCompose(
            ready ->
                Answers.on(
                    callbacks,
                    courseRef(courseId)
                        .<Done>askWithStatus(
                            replyTo -> new Course.Enrol(members, actor, Instant.now(), replyTo),
                            askTimeout)))
        .thenApply(
            done ->
                new RosterImport(
                    members.size(),
                    accountsReady.stream()
                        .map(CompletableFuture::join)
                        .flatMap(Optional::stream)
                        .toList()));
  }

  private void checkFlavour(String flavour) {
    if (flavours.find(flavour).isEmpty()) {
      throw Refusal.invalid(
          "unknown_flavour", "no flavour " + flavour + "; configured: " + flavours.all().keySet());
    }
  }

  private CompletionStage<String> storeSpec(GradingSpec spec) {
    try {
      byte[] bytes = json.writeValueAsBytes(spec);
      return blobs
          .put(bytes)
          .thenApply(
              hash -> {
                specs.put(hash, spec);
                return hash;
              });
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CompletionStage<AssignmentDetails> createAssignment(
      String courseId, NewAssignment request, String actor) {
    checkFlavour(request.flavour());
    return storeSpec(request.spec())
        .thenCompose(
            hash ->
                request.id() != null
                    ? create(courseId, request, hash, request.id(), actor)
                        .exceptionally(
                            Refusal.whenEntitySays(
                                Assignment.EXISTS,
                                () ->
                                    Refusal.conflict(
                                        "assignment_exists",
                                        "an assignment with id " + request.id() + " exists")))
                    : createWithSlug(
                        courseId,
                        request,
                        hash,
                        actor,
                        AssignmentSlug.fromTitle(request.title()),
                        1))
        .thenCompose(this::withSpec);
  }

  /** The author gave no id: the title's slug, or the next free numbered one. */
  private CompletionStage<Assignment.Details> createWithSlug(
      String courseId, NewAssignment request, String hash, String actor, String slug, int n) {
    String id = AssignmentSlug.candidate(slug, n, UUID.randomUUID().toString().substring(0, 6));
    return create(courseId, request, hash, id, actor)
        .handle(
            (details, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(details);
              }
              if (Refusal.isEntityRefusal(failure, Assignment.EXISTS)
                  && n <= AssignmentSlug.NUMBERED_TRIES) {
                return createWithSlug(courseId, request, hash, actor, slug, n + 1);
              }
              return CompletableFuture.<Assignment.Details>failedFuture(failure);
            })
        .thenCompose(next -> next);
  }

  private CompletionStage<Assignment.Details> create(
      String courseId, NewAssignment request, String hash, String id, String actor) {
    return Answers.on(
            callbacks,
            assignmentRef(id)
                .<Assignment.Details>askWithStatus(
                    replyTo ->
                        new Assignment.Create(
                            courseId,
                            request.title(),
                            request.flavour(),
                            hash,
                            needsSetupCheck(request.spec()),
                            request.rules(),
                            actor,
                            Instant.now(),
                            replyTo),
                    askTimeout))
        .thenCompose(
            details ->
                Answers.on(
                        callbacks,
                        courseRef(courseId)
                            .<Done>askWithStatus(
                                replyTo -> new Course.AttachAssignment(id, replyTo), askTimeout))
                    .thenApply(done -> details));
  }

  /**
   * A Gradescope autograder's image and a problem package's judge solutions are checked at upload.
   */
  private static boolean needsSetupCheck(GradingSpec spec) {
    return spec instanceof ScriptSpec || spec instanceof ProblemSpec;
  }

  /**
   * The assignment as the API shows it. A setup still pending has its check queued (again): the
   * queue takes a check it has already once, and a check lost with a failed-over scheduler or
   * refused by a full queue is queued by the next look at the assignment.
   */
  private CompletionStage<AssignmentDetails> withSpec(Assignment.Details d) {
    if (d.setup().status() == AssignmentSetup.Status.PENDING) {
      GradingJob check =
          GradingJob.setupCheck(
              d.assignmentId(), d.setup().specVersion(), d.flavour(), d.specHash(), Instant.now());
      scheduler.tell(new SchedulerCommand.Admit(check, ignoredAdmissions));
      scheduler.tell(new SchedulerCommand.Confirm(check.submissionId(), check.flavour()));
    }
    return spec(d.specHash())
        .thenApply(
            spec ->
                new AssignmentDetails(
                    d.assignmentId(),
                    d.courseId(),
                    d.title(),
                    d.flavour(),
                    spec,
                    d.specHash(),
                    d.specVersion(),
                    d.rules(),
                    d.extensions(),
                    d.createdAt(),
                    d.setup()));
  }

  private CompletionStage<GradingSpec> spec(String hash) {
    GradingSpec cached = specs.get(hash);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return blobs
        .get(hash)
        .thenApply(
            bytes -> {
              try {
                GradingSpec spec =
                    json.readValue(
                        bytes.orElseThrow(
                            () ->
                                new IllegalStateException("the spec blob " + hash + " is missing")),
                        GradingSpec.class);
                specs.put(hash, spec);
                return spec;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Override
  public CompletionStage<Optional<AssignmentDetails>> assignment(String assignmentId) {
    return Answers.on(callbacks, assignmentRef(assignmentId).ask(Assignment.Get::new, askTimeout))
        .thenCompose(
            found ->
                found
                    .assignment()
                    .filter(d -> d.courseId() != null)
                    .map(d -> withSpec(d).thenApply(Optional::of))
                    .orElse(CompletableFuture.completedFuture(Optional.empty())));
  }

  @Override
  public CompletionStage<List<AssignmentDetails>> assignments(String courseId) {
    return summary(courseId)
        .thenCompose(
            found -> {
              List<CompletableFuture<Optional<AssignmentDetails>>> all =
                  found.map(Course.Summary::assignments).orElse(List.of()).stream()
                      .map(id -> assignment(id).toCompletableFuture())
                      .toList();
              return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done ->
                          all.stream()
                              .map(CompletableFuture::join)
                              .flatMap(Optional::stream)
                              .toList());
            });
  }

  @Override
  public CompletionStage<AssignmentDetails> reviseAssignment(
      String assignmentId, NewAssignment revised, String actor) {
    checkFlavour(revised.flavour());
    return storeSpec(revised.spec())
        .thenCompose(
            hash ->
                Answers.on(
                    callbacks,
                    assignmentRef(assignmentId)
                        .<Assignment.Details>askWithStatus(
                            replyTo ->
                                new Assignment.Revise(
                                    revised.title(),
                                    revised.flavour(),
                                    hash,
                                    needsSetupCheck(revised.spec()),
                                    revised.rules(),
                                    actor,
                                    Instant.now(),
                                    replyTo),
                            askTimeout)))
        .thenCompose(this::withSpec);
  }

  @Override
  public CompletionStage<AssignmentDetails> grantExtension(
      String assignmentId, Extension extension, String actor) {
    return Answers.on(
            callbacks,
            assignmentRef(assignmentId)
                .<Assignment.Details>askWithStatus(
                    replyTo ->
                        new Assignment.GrantExtension(extension, actor, Instant.now(), replyTo),
                    askTimeout))
        .thenCompose(this::withSpec);
  }

  @Override
  public CompletionStage<Allowance> allowance(AssignmentDetails assignment, String username) {
    SubmissionLimit limit = assignment.rules().submissionLimit();
    if (limit == null) {
      return CompletableFuture.completedFuture(new Allowance(null, null));
    }
    return Answers.on(
            callbacks,
            sharding
                .entityRefFor(
                    SubmissionAllowance.TYPE_KEY,
                    SubmissionAllowance.entityId(assignment.id(), username))
                .ask(
                    (org.apache.pekko.actor.typed.ActorRef<SubmissionAllowance.Usage> replyTo) ->
                        new SubmissionAllowance.GetUsage(limit, Instant.now(), replyTo),
                    askTimeout))
        .thenApply(usage -> new Allowance(usage.runsLeft(), usage.resetAt()));
  }

  @Override
  public CompletionStage<AuditPage> auditLog(String courseId, AuditQuery query) {
    return audit
        .entries(courseId, query)
        .thenApply(
            entries -> {
              List<AuditEntry> page = new ArrayList<>();
              for (AuditLogTable.Entry e : entries) {
                try {
                  page.add(
                      new AuditEntry(
                          e.id(),
                          e.at(),
                          e.actor(),
                          e.action(),
                          e.assignmentId(),
                          e.student(),
                          json.readTree(e.details())));
                } catch (JsonProcessingException failure) {
                  throw new UncheckedIOException(failure);
                }
              }
              return new AuditPage(
                  page, page.size() == query.limit() ? page.get(page.size() - 1).id() : null);
            });
  }

  @Override
  public CompletionStage<GradeBook> gradeBook(String courseId) {
    return assignments(courseId)
        .thenCompose(
            all ->
                roster(courseId)
                    .thenCompose(
                        roster ->
                            submissions
                                .ofCourse(courseId)
                                .thenApply(
                                    every -> {
                                      List<GradeBookColumn> columns =
                                          all.stream()
                                              .map(
                                                  a ->
                                                      new GradeBookColumn(
                                                          a.id(), a.title(), a.spec().maxScore()))
                                              .toList();
                                      Map<String, List<SubmissionSummary>> byAssignment =
                                          every.stream()
                                              .collect(
                                                  Collectors.groupingBy(
                                                      SubmissionSummary::assignmentId));
                                      Map<String, Map<String, Grade>> grades = new TreeMap<>();
                                      for (AssignmentDetails a : all) {
                                        CountedSubmission rule = a.rules().countedSubmission();
                                        CountedSubmissions counted =
                                            new CountedSubmissions(
                                                rule, byAssignment.getOrDefault(a.id(), List.of()));
                                        counted
                                            .all()
                                            .forEach(
                                                (student, s) ->
                                                    grades
                                                        .computeIfAbsent(
                                                            student, k -> new TreeMap<>())
                                                        .put(
                                                            a.id(),
                                                            new Grade(
                                                                s.id(),
                                                                s.score(),
                                                                s.maxScore() == null
                                                                    ? 0
                                                                    : s.maxScore(),
                                                                s.daysLate(),
                                                                s.penaltyPercent(),
                                                                s.finalScore(),
                                                                counted.number(s),
                                                                rule.name()
                                                                    .toLowerCase(Locale.ROOT),
                                                                s.adjustment() != null)));
                                      }
                                      List<GradeBookRow> rows = new ArrayList<>();
                                      for (RosterEntry member : roster) {
                                        if (member.role() != CourseRole.STUDENT) {
                                          continue;
                                        }
                                        Map<String, Grade> mine =
                                            grades.getOrDefault(member.username(), Map.of());
                                        double total =
                                            mine.values().stream()
                                                .filter(g -> g.finalScore() != null)
                                                .mapToDouble(Grade::finalScore)
                                                .sum();
                                        rows.add(
                                            new GradeBookRow(
                                                member.username(),
                                                member.displayName(),
                                                mine,
                                                total));
                                      }
                                      return new GradeBook(columns, rows);
                                    })));
  }
}
