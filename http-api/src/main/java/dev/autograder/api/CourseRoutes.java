package dev.autograder.api;

import dev.autograder.course.rules.CourseRole;
import dev.autograder.port.CourseOffice;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.port.CourseOffice.GradeBook;
import dev.autograder.port.CourseOffice.NewCourse;
import dev.autograder.port.CourseOffice.RoleChange;
import dev.autograder.port.Identity;
import dev.autograder.port.Identity.Caller;
import dev.autograder.port.NewAssignment;
import dev.autograder.port.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;

/** Courses, rosters, a course's assignments and its grade book. */
final class CourseRoutes extends ApiDirectives {
  private static final int AUDIT_PAGE = 50;
  private static final int AUDIT_PAGE_MAX = 200;

  private final AssignmentRoutes assignments;

  CourseRoutes(ApiContext api, AssignmentRoutes assignments) {
    super(api);
    this.assignments = assignments;
  }

  Route routes() {
    return pathPrefix(
        "courses",
        () ->
            authenticated(
                caller ->
                    concat(
                        pathEnd(
                            () ->
                                concat(
                                    get(
                                        () ->
                                            respond(
                                                api.courses()
                                                    .courses(
                                                        caller.siteAdmin()
                                                            ? null
                                                            : caller.username())
                                                    .thenApply(this::ok))),
                                    post(
                                        () ->
                                            siteAdmin(
                                                caller,
                                                jsonBody(
                                                    NewCourse.class,
                                                    course ->
                                                        respond(
                                                            api.courses()
                                                                .createCourse(course.validated())
                                                                .thenApply(
                                                                    created ->
                                                                        json(
                                                                                StatusCodes.CREATED,
                                                                                created)
                                                                            .addHeader(
                                                                                Location.create(
                                                                                    "/api/v1/courses/"
                                                                                        + created
                                                                                            .id()))))))))),
                        pathPrefix(
                            segment ->
                                inCourse(
                                    caller, segment, role -> course(caller, segment, role))))));
  }

  private Route course(Caller caller, String courseId, CourseRole role) {
    return concat(
        pathEnd(
            () ->
                concat(
                    get(
                        () ->
                            respond(
                                api.courses()
                                    .course(courseId)
                                    .thenApply(
                                        found ->
                                            ok(
                                                found
                                                    .map(
                                                        c ->
                                                            new CourseOffice.CourseSummary(
                                                                c.id(), c.code(), c.title(),
                                                                c.term(), role))
                                                    .orElseThrow(
                                                        () ->
                                                            Refusal.notFound(
                                                                "course", courseId)))))),
                    patch(
                        () -> {
                          requireInstructor(role);
                          return jsonText(body -> revise(courseId, role, body));
                        }))),
        pathPrefix("roster", () -> roster(caller, courseId, role)),
        pathPrefix(
            "assignments",
            () ->
                pathEnd(
                    () ->
                        concat(
                            get(
                                () ->
                                    respond(
                                        api.courses()
                                            .assignments(courseId)
                                            .thenCompose(
                                                all ->
                                                    role.isStaff()
                                                        ? completed(
                                                            ok(
                                                                all.stream()
                                                                    .map(
                                                                        a ->
                                                                            AssignmentOut.forStaff(
                                                                                a,
                                                                                api.settings()
                                                                                    .fileRules()))
                                                                    .toList()))
                                                        : forStudent(all, caller.username())))),
                            post(
                                () -> {
                                  requireInstructor(role);
                                  return assignments.create(caller, courseId);
                                })))),
        path(
            "gradebook",
            () ->
                get(
                    () -> {
                      requireStaff(role);
                      return respond(api.courses().gradeBook(courseId).thenApply(this::ok));
                    })),
        path(
            "audit",
            () ->
                get(
                    () -> {
                      requireStaff(role);
                      return parameterOptional(
                          "assignment",
                          assignment ->
                              parameterOptional(
                                  "student",
                                  student ->
                                      parameterOptional(
                                          "limit",
                                          limit ->
                                              parameterOptional(
                                                  "before",
                                                  before ->
                                                      respond(
                                                          api.courses()
                                                              .auditLog(
                                                                  courseId,
                                                                  auditQuery(
                                                                      assignment,
                                                                      student,
                                                                      limit,
                                                                      before))
                                                              .thenApply(this::ok))))));
                    })),
        path(
            "gradebook.csv",
            () ->
                get(
                    () -> {
                      requireStaff(role);
                      return respond(
                          api.courses()
                              .gradeBook(courseId)
                              .thenApply(
                                  book ->
                                      HttpResponse.create()
                                          .withEntity(ContentTypes.TEXT_CSV_UTF8, csv(book))
                                          .addHeader(
                                              ContentDisposition.create(
                                                  ContentDispositionTypes.ATTACHMENT,
                                                  java.util.Map.of(
                                                      "filename", courseId + "-grades.csv")))));
                    })));
  }

  /** An edit is a JSON merge patch of code, title and term over the course as it is. */
  private Route revise(String courseId, CourseRole role, String body) {
    var patch = readTree(body);
    if (patch.has("id")) {
      throw Refusal.invalid("invalid_id", "a course's id cannot change");
    }
    return respond(
        api.courses()
            .course(courseId)
            .thenCompose(
                found -> {
                  CourseOffice.CourseSummary now =
                      found.orElseThrow(() -> Refusal.notFound("course", courseId));
                  var merged =
                      api.json()
                          .createObjectNode()
                          .put("id", courseId)
                          .put("code", now.code())
                          .put("title", now.title())
                          .put("term", now.term());
                  patch
                      .fields()
                      .forEachRemaining(field -> merged.set(field.getKey(), field.getValue()));
                  NewCourse revised = read(merged.toString(), NewCourse.class).validated();
                  return api.courses().reviseCourse(courseId, revised);
                })
            .thenApply(
                c ->
                    ok(
                        new CourseOffice.CourseSummary(
                            c.id(), c.code(), c.title(), c.term(), role))));
  }

  private CompletionStage<HttpResponse> forStudent(List<AssignmentDetails> all, String username) {
    Instant now = Instant.now();
    List<CompletableFuture<AssignmentOut>> views =
        all.stream()
            .filter(a -> a.rules().published())
            .map(
                a ->
                    api.courses()
                        .allowance(a, username)
                        .thenApply(
                            allowance ->
                                AssignmentOut.forStudent(
                                    a, username, allowance, now, api.settings().fileRules()))
                        .toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(done -> ok(views.stream().map(CompletableFuture::join).toList()));
  }

  private Route roster(Caller caller, String courseId, CourseRole role) {
    return concat(
        pathEnd(
            () ->
                get(
                    () -> {
                      requireStaff(role);
                      return respond(api.courses().roster(courseId).thenApply(this::ok));
                    })),
        path(
            "import",
            () ->
                post(
                    () -> {
                      requireInstructor(role);
                      return textBody(
                          csv ->
                              respond(
                                  api.courses()
                                      .importRoster(
                                          courseId, RosterCsv.parse(csv), caller.username())
                                      .thenApply(this::ok)));
                    })),
        pathPrefix(
            segment -> {
              String username = segment.toLowerCase(Locale.ROOT);
              return concat(
                  path(
                      "password-reset",
                      () -> post(() -> resetStudentPassword(caller, courseId, role, username))),
                  pathEnd(
                      () ->
                          concat(
                              put(
                                  () -> {
                                    requireInstructor(role);
                                    return jsonBody(
                                        RoleChange.class,
                                        change -> {
                                          if (change.role() == null) {
                                            throw Refusal.invalid(
                                                "invalid_role",
                                                "role must be STUDENT, TA or INSTRUCTOR");
                                          }
                                          return respond(
                                              api.courses()
                                                  .enrol(
                                                      courseId,
                                                      username,
                                                      change.role(),
                                                      caller.username())
                                                  .thenApply(this::ok));
                                        });
                                  }),
                              delete(
                                  () -> {
                                    requireInstructor(role);
                                    return respond(
                                        api.courses()
                                            .unenrol(courseId, username, caller.username())
                                            .thenApply(
                                                removed -> {
                                                  if (!removed) {
                                                    throw Refusal.notFound("member", username);
                                                  }
                                                  return noContent();
                                                }));
                                  }))));
            }));
  }

  /**
   * Staff reset the password of a student of their course (not of other staff: only a site admin
   * may).
   */
  private Route resetStudentPassword(
      Caller caller, String courseId, CourseRole role, String username) {
    requireStaff(role);
    return respond(
        api.courses()
            .membership(courseId, username)
            .thenCompose(
                member -> {
                  CourseRole theirs =
                      member.role().orElseThrow(() -> Refusal.notFound("member", username));
                  if (theirs.isStaff()) {
                    throw forbidden("only a site admin may reset the password of a course's staff");
                  }
                  return api.identity().resetPassword(username, caller.username(), courseId);
                })
            .thenApply(this::ok));
  }

  /** The audit log's filters and page, checked: anything else is a 400. */
  static CourseOffice.AuditQuery auditQuery(
      Optional<String> assignment,
      Optional<String> student,
      Optional<String> limit,
      Optional<String> before) {
    if (assignment.isPresent() && !NewAssignment.ID.matcher(assignment.get()).matches()) {
      throw Refusal.invalid("invalid_assignment", "assignment must be an assignment id");
    }
    Optional<String> username = student.map(s -> s.toLowerCase(Locale.ROOT));
    if (username.isPresent() && !Identity.USERNAME.matcher(username.get()).matches()) {
      throw Refusal.invalid("invalid_student", "student must be a username");
    }
    long pageSize = limit.map(l -> number(l, "limit")).orElse((long) AUDIT_PAGE);
    if (pageSize < 1 || pageSize > AUDIT_PAGE_MAX) {
      throw Refusal.invalid("invalid_limit", "limit must be 1 to " + AUDIT_PAGE_MAX);
    }
    Optional<Long> cursor = before.map(b -> number(b, "before"));
    if (cursor.filter(b -> b < 1).isPresent()) {
      throw Refusal.invalid(
          "invalid_before", "before must be the id of an entry (the previous page's next)");
    }
    return new CourseOffice.AuditQuery(assignment, username, (int) pageSize, cursor);
  }

  private static long number(String value, String name) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Refusal.invalid("invalid_" + name, name + " must be a whole number");
    }
  }

  /** The grade book as CSV: one row per student, one column per assignment, then the total. */
  static String csv(GradeBook book) {
    StringBuilder out = new StringBuilder("username,display_name");
    book.assignments().forEach(a -> out.append(',').append(RosterCsv.field(a.id())));
    out.append(",total\r\n");
    for (var student : book.students()) {
      List<String> cells =
          new ArrayList<>(
              List.of(RosterCsv.field(student.username()), RosterCsv.field(student.displayName())));
      for (var a : book.assignments()) {
        var grade = student.grades().get(a.id());
        cells.add(grade == null || grade.finalScore() == null ? "" : number(grade.finalScore()));
      }
      cells.add(number(student.total()));
      out.append(String.join(",", cells)).append("\r\n");
    }
    return out.toString();
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
