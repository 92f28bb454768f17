package dev.autograder.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autograder.Answers;
import dev.autograder.ContentHash;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.course.rules.Extension;
import dev.autograder.grading.GradingSpec;
import dev.autograder.port.CourseOffice;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.port.Identity.Caller;
import dev.autograder.port.NewAssignment;
import dev.autograder.port.Refusal;
import java.time.Instant;
import java.util.Locale;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;

/** Creating and editing assignments, extensions, and an assignment's submissions and regrades. */
final class AssignmentRoutes extends ApiDirectives {
  /** Multipart framing around an uploaded package: headers, boundaries, the other fields. */
  private static final long MULTIPART_OVERHEAD = 256 * 1024;

  private final SubmissionRoutes submissions;
  private final CodeViewRoutes code;

  AssignmentRoutes(ApiContext api, SubmissionRoutes submissions) {
    super(api);
    this.code = new CodeViewRoutes(api);
    this.submissions = submissions;
  }

  Route routes() {
    return pathPrefix(
        "assignments",
        () ->
            authenticated(
                caller ->
                    pathPrefix(
                        segment ->
                            withAssignment(
                                caller,
                                segment,
                                (assignment, role) -> assignment(caller, assignment, role)))));
  }

  private Route assignment(Caller caller, AssignmentDetails assignment, CourseRole role) {
    return concat(
        pathEnd(
            () ->
                concat(
                    get(
                        () ->
                            role.isStaff()
                                ? complete(ok(staffView(assignment)))
                                : respond(
                                    api.courses()
                                        .allowance(assignment, caller.username())
                                        .thenApply(
                                            allowance ->
                                                ok(
                                                    AssignmentOut.forStudent(
                                                        assignment,
                                                        caller.username(),
                                                        allowance,
                                                        Instant.now(),
                                                        api.settings().fileRules()))))),
                    patch(
                        () -> {
                          requireInstructor(role);
                          return jsonText(body -> revise(caller, assignment, body));
                        }))),
        pathPrefix(
            "extensions",
            () -> {
              requireStaff(role);
              return concat(
                  pathEnd(() -> get(() -> complete(ok(assignment.extensions().values())))),
                  path(
                      segment ->
                          put(
                              () ->
                                  jsonBody(
                                      Extension.class,
                                      requested ->
                                          grant(
                                              caller,
                                              assignment,
                                              segment.toLowerCase(Locale.ROOT),
                                              requested)))));
            }),
        path(
            "submissions",
            () ->
                concat(
                    post(() -> submissions.submit(caller, assignment, role)),
                    get(
                        () ->
                            parameterOptional(
                                "student",
                                student ->
                                    parameterOptional(
                                        "latest",
                                        latest ->
                                            submissions.list(
                                                caller,
                                                assignment,
                                                role,
                                                student,
                                                latest.map("true"::equals).orElse(false))))))),
        path("practice", () -> post(() -> submissions.practise(caller, assignment, role))),
        path("submissions.zip", () -> get(() -> code.assignmentArchive(assignment, role))),
        path(
            "regrades",
            () ->
                post(
                    () -> {
                      requireStaff(role);
                      return respond(
                          api.courses()
                              .roster(assignment.courseId())
                              .thenCompose(
                                  roster ->
                                      api.desk()
                                          .regradeAll(
                                              assignment,
                                              CourseOffice.studentsOf(roster),
                                              caller.username()))
                              .thenApply(
                                  batch ->
                                      json(StatusCodes.ACCEPTED, batch)
                                          .addHeader(
                                              Location.create("/api/v1/regrades/" + batch.id()))));
                    })));
  }

  /** "Create an assignment" in a course: a JSON body, or a multipart form with a package. */
  Route create(Caller caller, String courseId) {
    return concat(
        extractRequestEntity(
            e ->
                e.getContentType().mediaType().isMultipart()
                    ? createFromPackage(caller, courseId)
                    : reject()),
        jsonText(
            body -> {
              NewAssignment request =
                  read(withDefaultVisibility(readTree(body)).toString(), NewAssignment.class);
              return created(
                  api.courses().createAssignment(courseId, request.validated(), caller.username()));
            }));
  }

  private AssignmentOut staffView(AssignmentDetails assignment) {
    return AssignmentOut.forStaff(assignment, api.settings().fileRules());
  }

  private Route created(java.util.concurrent.CompletionStage<AssignmentDetails> creation) {
    return respond(
        creation.thenApply(
            created ->
                json(StatusCodes.CREATED, staffView(created))
                    .addHeader(Location.create("/api/v1/assignments/" + created.id()))));
  }

  private Route createFromPackage(Caller caller, String courseId) {
    return limitedBody(
        api.settings().maxPackageBytes() + MULTIPART_OVERHEAD,
        () ->
            extractMaterializer(
                mat ->
                    entity(
                        api.multipart(),
                        form ->
                            respond(
                                Answers.on(api.callbacks(), form.toStrict(60_000, mat))
                                    .thenCompose(
                                        strict -> {
                                          PackageUpload fields = PackageUpload.of(strict);
                                          JsonNode settingsJson =
                                              readTree(
                                                  fields
                                                      .assignment()
                                                      .orElseThrow(
                                                          () ->
                                                              Refusal.invalid(
                                                                  "invalid_assignment",
                                                                  "the form needs the assignment's settings as JSON in a part named 'assignment'")));
                                          PackageUpload upload =
                                              fields.withMaxScoreOf(settingsJson);
                                          // maxScore is the package's, not a field of
                                          // NewAssignment.
                                          ((ObjectNode) settingsJson).remove("maxScore");
                                          NewAssignment settings =
                                              read(settingsJson.toString(), NewAssignment.class);
                                          if (settings.spec() != null) {
                                            throw Refusal.invalid(
                                                "invalid_assignment",
                                                "the spec comes from the package, not from 'assignment'");
                                          }
                                          // Blobs are named by their content, so the spec can name
                                          // the archive before it is stored.
                                          GradingSpec spec =
                                              upload.spec(
                                                  ContentHash.sha256(upload.archive()),
                                                  api.settings().maxPackageBytes());
                                          NewAssignment request =
                                              settings.withSpec(spec).validated();
                                          return api.desk()
                                              .storeBlob(upload.archive())
                                              .thenCompose(
                                                  hash ->
                                                      api.courses()
                                                          .createAssignment(
                                                              courseId,
                                                              request,
                                                              caller.username()));
                                        })
                                    .thenApply(
                                        created ->
                                            json(StatusCodes.CREATED, staffView(created))
                                                .addHeader(
                                                    Location.create(
                                                        "/api/v1/assignments/"
                                                            + created.id())))))));
  }

  /**
   * An edit is a JSON merge patch over the assignment as it is; the result is checked as a whole.
   */
  private Route revise(Caller caller, AssignmentDetails assignment, String body) {
    JsonNode patch = readTree(body);
    if (patch.has("id")) {
      throw Refusal.invalid("invalid_id", "an assignment's id cannot change");
    }
    ObjectNode merged = api.json().valueToTree(staffView(assignment));
    for (String field :
        new String[] {
          "courseId",
          "format",
          "specVersion",
          "maxScore",
          "tests",
          "createdAt",
          "specHash",
          "setup",
          "fileRules"
        }) {
      merged.remove(field);
    }
    patch.fields().forEachRemaining(field -> merged.set(field.getKey(), field.getValue()));
    NewAssignment revised =
        read(withDefaultVisibility(merged).toString(), NewAssignment.class).validated();
    return respond(
        api.courses()
            .reviseAssignment(assignment.id(), revised, caller.username())
            .thenApply(details -> ok(staffView(details))));
  }

  private Route grant(
      Caller caller, AssignmentDetails assignment, String username, Extension requested) {
    if (requested.dueAt() == null) {
      throw Refusal.invalid("invalid_dates", "an extension needs dueAt");
    }
    if (requested.lateUntil() != null && requested.lateUntil().isBefore(requested.dueAt())) {
      throw Refusal.invalid("invalid_dates", "lateUntil must not be before dueAt");
    }
    return respond(
        api.courses()
            .membership(assignment.courseId(), username)
            .thenCompose(
                m -> {
                  if (m.role().filter(r -> r == CourseRole.STUDENT).isEmpty()) {
                    throw Refusal.notFound("student", username);
                  }
                  return api.courses()
                      .grantExtension(
                          assignment.id(),
                          new Extension(username, requested.dueAt(), requested.lateUntil()),
                          caller.username());
                })
            .thenApply(details -> ok(details.extensions().get(username))));
  }

  /** IO tests that say nothing of their visibility get the assignment's default. */
  private static JsonNode withDefaultVisibility(JsonNode assignment) {
    JsonNode visibility = assignment.path("defaultVisibility");
    JsonNode tests = assignment.path("spec").path("tests");
    if (visibility.isTextual() && tests.isArray()) {
      tests.forEach(
          t -> {
            if (t instanceof ObjectNode test && !test.has("visibility")) {
              test.set("visibility", visibility);
            }
          });
    }
    return assignment;
  }
}
