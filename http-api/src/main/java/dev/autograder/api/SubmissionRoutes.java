package dev.autograder.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.course.rules.Extension;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.port.CountedSubmissions;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.port.GradingDesk;
import dev.autograder.port.Identity;
import dev.autograder.port.Identity.Caller;
import dev.autograder.port.Refusal;
import dev.autograder.submission.archive.InvalidSubmissionException;
import dev.autograder.submission.archive.SubmissionArchive;
import dev.autograder.submission.archive.SubmittedFile;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/** Submitting, reading submissions and their live status, and regrades. */
final class SubmissionRoutes extends ApiDirectives {
  /** Multipart framing around the files: headers, boundaries, the student field. */
  private static final long MULTIPART_OVERHEAD = 256 * 1024;

  /**
   * When to try again after too many streams: a stream ends within seconds of its submission's
   * grade.
   */
  private static final long STREAM_RETRY_SECONDS = 10;

  /** A stream is closed after this long even if the submission is still not graded. */
  private static final Duration MAX_STREAM = Duration.ofHours(2);

  private final SubmissionArchive archive;
  private final CodeViewRoutes code;

  SubmissionRoutes(ApiContext api) {
    super(api);
    this.code = new CodeViewRoutes(api);
    this.archive =
        new SubmissionArchive(api.settings().maxFiles(), api.settings().maxSubmissionBytes());
  }

  Route routes() {
    return concat(
        pathPrefix(
            "submissions",
            () ->
                authenticated(
                    caller ->
                        pathPrefix(
                            segment ->
                                withSubmission(
                                    caller,
                                    segment,
                                    (view, access) ->
                                        concat(
                                            pathEnd(
                                                () ->
                                                    get(() -> complete(ok(render(view, access))))),
                                            path(
                                                "events",
                                                () -> get(() -> events(view.id(), caller, access))),
                                            code.submission(view),
                                            path(
                                                "choose",
                                                () -> post(() -> choose(caller, view, access))),
                                            path(
                                                "adjustment",
                                                () ->
                                                    concat(
                                                        put(
                                                            () -> {
                                                              requireStaff(access.role());
                                                              return jsonBody(
                                                                  AdjustmentRequest.class,
                                                                  request ->
                                                                      respond(
                                                                          api.desk()
                                                                              .adjust(
                                                                                  view.id(),
                                                                                  request.validated(
                                                                                      caller
                                                                                          .username(),
                                                                                      Instant
                                                                                          .now()))
                                                                              .thenApply(
                                                                                  adjusted ->
                                                                                      ok(
                                                                                          SubmissionOut
                                                                                              .forStaff(
                                                                                                  adjusted)))));
                                                            }),
                                                        delete(
                                                            () -> {
                                                              requireStaff(access.role());
                                                              return respond(
                                                                  api.desk()
                                                                      .removeAdjustment(
                                                                          view.id(),
                                                                          caller.username())
                                                                      .thenApply(
                                                                          removed ->
                                                                              ok(
                                                                                  SubmissionOut
                                                                                      .forStaff(
                                                                                          removed))));
                                                            }))),
                                            path(
                                                "regrade",
                                                () ->
                                                    post(
                                                        () -> {
                                                          requireStaff(access.role());
                                                          return respond(
                                                              api.desk()
                                                                  .regrade(
                                                                      access.assignment(),
                                                                      view.id(),
                                                                      caller.username())
                                                                  .thenApply(
                                                                      regraded ->
                                                                          json(
                                                                              StatusCodes.ACCEPTED,
                                                                              SubmissionOut
                                                                                  .forStaff(
                                                                                      regraded))));
                                                        }))))))),
        path(
            segment("regrades").slash(segment()),
            batchId ->
                get(
                    () ->
                        authenticated(
                            caller ->
                                onSuccess(
                                    api.desk().regradeBatch(batchId),
                                    found -> {
                                      var batch =
                                          found.orElseThrow(
                                              () -> Refusal.notFound("regrade batch", batchId));
                                      return withAssignment(
                                          caller,
                                          batch.assignmentId(),
                                          (assignment, role) -> {
                                            requireStaff(role);
                                            return complete(ok(batch));
                                          });
                                    })))));
  }

  private record Access(AssignmentDetails assignment, CourseRole role) {}

  /** The submission if the caller owns it or is staff of its course; 404 otherwise. */
  private Route withSubmission(
      Caller caller, String id, BiFunction<SubmissionView, Access, Route> inner) {
    return onSuccess(
        api.desk().submission(id),
        found -> {
          SubmissionView view = found.orElseThrow(() -> Refusal.notFound("submission", id));
          return onSuccess(
              api.courses()
                  .assignment(view.assignmentId())
                  .thenCompose(
                      a -> {
                        AssignmentDetails assignment =
                            a.orElseThrow(() -> Refusal.notFound("submission", id));
                        return roleIn(caller, assignment.courseId())
                            .thenApply(
                                role -> {
                                  if (!role.isStaff()
                                      && !view.student().equals(caller.username())) {
                                    throw Refusal.notFound("submission", id);
                                  }
                                  return new Access(assignment, role);
                                });
                      }),
              access -> inner.apply(view, access));
        });
  }

  /**
   * Picks the submission as the one that counts: its owner until their due date (with their
   * extension), staff at any time; only for assignments that count the chosen submission.
   */
  private Route choose(Caller caller, SubmissionView view, Access access) {
    var rules = access.assignment().rules();
    if (view.practice()) {
      throw Refusal.conflict(
          "practice_run", "a practice run counts for nothing and cannot be chosen to count");
    }
    if (rules.countedSubmission() != CountedSubmission.CHOSEN) {
      throw Refusal.conflict(
          "not_chosen_by_student",
          "this assignment counts the "
              + rules.countedSubmission().name().toLowerCase(Locale.ROOT)
              + " submission; there is nothing to choose");
    }
    // withSubmission let only its owner and staff this far.
    if (!access.role().isStaff()
        && rules.pastDue(Instant.now(), access.assignment().extensions().get(view.student()))) {
      throw Refusal.conflict(
          "past_due", "the due date has passed; only staff can change which submission counts");
    }
    return respond(
        api.desk()
            .choose(view.id(), caller.username())
            .thenApply(chosen -> ok(render(chosen, access))));
  }

  /** The body of PUT .../adjustment. */
  record AdjustmentRequest(String mode, Double points, String comment) {
    ScoreAdjustment validated(String actor, Instant at) {
      ScoreAdjustment.Mode parsed;
      if ("add".equals(mode)) {
        parsed = ScoreAdjustment.Mode.ADD;
      } else if ("set".equals(mode)) {
        parsed = ScoreAdjustment.Mode.SET;
      } else {
        throw Refusal.invalid("invalid_mode", "mode must be \"add\" or \"set\"");
      }
      if (points == null
          || !Double.isFinite(points)
          || Math.abs(points) > 1_000_000
          || (parsed == ScoreAdjustment.Mode.SET && points < 0)) {
        throw Refusal.invalid(
            "invalid_points",
            "points must be a number (at most 1000000 either way; not below 0 to set a score)");
      }
      if (comment != null && comment.length() > ScoreAdjustment.MAX_COMMENT) {
        throw Refusal.invalid(
            "invalid_comment",
            "the comment is limited to " + ScoreAdjustment.MAX_COMMENT + " characters");
      }
      return new ScoreAdjustment(parsed, points, comment == null ? "" : comment.strip(), actor, at);
    }
  }

  private static SubmissionOut render(SubmissionView view, Access access) {
    return access.role().isStaff()
        ? SubmissionOut.forStaff(view)
        : SubmissionOut.forOwner(view, access.assignment(), Instant.now());
  }

  /**
   * Server-Sent Events: "status" whenever the submission or its job changes (pushed by them, see
   * {@link GradingDesk#updates}), then "done" once graded. Each user may have a few open at once.
   */
  private Route events(String id, Caller caller, Access access) {
    String user = caller.username();
    StatusStreams.Place place =
        api.streams()
            .open(user)
            .orElseThrow(
                () ->
                    Refusal.tooMany(
                        "too_many_streams",
                        user
                            + " has "
                            + api.streams().perUser()
                            + " status streams open, the most one may have;"
                            + " close one (or wait for it to end) and try again in "
                            + STREAM_RETRY_SECONDS
                            + " s",
                        STREAM_RETRY_SECONDS));
    Source<ServerSentEvent, NotUsed> events =
        api.desk()
            .updates(id)
            .map(
                view ->
                    ServerSentEvent.create(
                        api.json().writeValueAsString(render(view, access)),
                        view.status() == SubmissionStatus.GRADED ? "done" : "status"))
            .statefulMapConcat(
                () -> {
                  String[] last = {null};
                  return event -> {
                    if (event.getData().equals(last[0])) {
                      return List.of();
                    }
                    last[0] = event.getData();
                    return List.of(event);
                  };
                })
            .takeWithin(MAX_STREAM)
            .keepAlive(api.streams().heartbeat(), ServerSentEvent::heartbeat)
            .watchTermination(
                (notUsed, ended) -> {
                  place.started();
                  ended.whenComplete((done, failure) -> place.release());
                  return NotUsed.getInstance();
                });
    return completeOK(events, EventStreamMarshalling.toEventStream());
  }

  /**
   * A multipart submission: one part per file, or one part "archive" with a zip; staff may name the
   * student.
   */
  Route submit(Caller caller, AssignmentDetails assignment, CourseRole role) {
    return upload(
        caller,
        assignment,
        role,
        (student, files) ->
            api.desk().submit(assignment, student, files, role.isStaff(), caller.username()));
  }

  /**
   * A practice run, uploaded as a submission is: graded on the visible tests only and counted
   * nowhere. It is always the caller's own: a practice run for someone else would tell them
   * nothing.
   */
  Route practise(Caller caller, AssignmentDetails assignment, CourseRole role) {
    return upload(
        caller,
        assignment,
        role,
        (student, files) -> {
          if (!student.equals(caller.username())) {
            throw Refusal.invalid(
                "invalid_student", "a practice run is always your own: leave out 'student'");
          }
          return api.desk().practise(assignment, student, files, role.isStaff(), caller.username());
        });
  }

  /**
   * Reads and checks an upload, then hands its student and files to {@code intake}: 202 with the
   * submission.
   */
  private Route upload(
      Caller caller,
      AssignmentDetails assignment,
      CourseRole role,
      BiFunction<String, List<SubmittedFile>, CompletionStage<SubmissionView>> intake) {
    return formParts(
        api.settings().maxSubmissionBytes() + MULTIPART_OVERHEAD,
        parts -> {
          Upload upload = Upload.of(parts, api.settings().maxFiles());
          String student =
              upload.student().map(s -> s.toLowerCase(Locale.ROOT)).orElse(caller.username());
          if (!student.equals(caller.username()) && !role.isStaff()) {
            throw forbidden("only staff may submit for another student");
          }
          List<SubmittedFile> files =
              upload.archive().isPresent()
                  ? archive.unpackUpload(upload.archive().get())
                  : archive.validate(upload.files());
          CompletionStage<Void> studentChecked =
              student.equals(caller.username())
                  ? completed(null)
                  : api.courses()
                      .membership(assignment.courseId(), student)
                      .thenAccept(
                          m -> {
                            if (m.role().filter(r -> r == CourseRole.STUDENT).isEmpty()) {
                              throw Refusal.invalid(
                                  "invalid_student", student + " is not a student of this course");
                            }
                          });
          return respond(
              studentChecked
                  .thenCompose(checked -> intake.apply(student, files))
                  .thenApply(
                      view ->
                          json(StatusCodes.ACCEPTED, render(view, new Access(assignment, role)))
                              .addHeader(Location.create("/api/v1/submissions/" + view.id()))));
        });
  }

  Route list(
      Caller caller,
      AssignmentDetails assignment,
      CourseRole role,
      Optional<String> student,
      boolean latest) {
    Optional<String> whose =
        role.isStaff()
            ? student.map(s -> s.toLowerCase(Locale.ROOT))
            : Optional.of(caller.username());
    Instant now = Instant.now();
    CountedSubmission rule = assignment.rules().countedSubmission();
    boolean staff = role.isStaff();
    // Numbers and the one that counts need each student's every submission, also for "latest".
    return respond(
        api.desk()
            .submissions(assignment.id(), whose, false)
            .thenApply(
                all -> {
                  CountedSubmissions counted = new CountedSubmissions(rule, all);
                  boolean allShown = all.stream().allMatch(s -> shownToStudent(assignment, s, now));
                  // Which one is best would tell a student how the scores they may not see yet
                  // compare.
                  boolean countShown = staff || rule != CountedSubmission.BEST || allShown;
                  return ok(
                      all.stream()
                          .filter(s -> !latest || counted.latest(s))
                          .map(
                              s -> {
                                boolean shown = staff || shownToStudent(assignment, s, now);
                                return SubmissionOut.Summary.of(
                                    s,
                                    shown,
                                    shown && (staff || assignment.rules().gradesPublished()),
                                    counted.number(s),
                                    countShown && counted.counts(s));
                              })
                          .toList());
                }));
  }

  private static boolean shownToStudent(
      AssignmentDetails a, GradingDesk.SubmissionSummary s, Instant now) {
    Extension extension = a.extensions().get(s.student());
    return s.resultVisibility() == null
        || s.resultVisibility()
            .shownToStudent(a.rules().pastDue(now, extension), a.rules().gradesPublished());
  }

  /** The parts of a submission upload. */
  private record Upload(
      Optional<String> student, List<SubmittedFile> files, Optional<byte[]> archive) {
    static Upload of(List<FormParts.Part> parts, int maxFiles) {
      String student = null;
      byte[] zip = null;
      List<SubmittedFile> files = new ArrayList<>();
      for (FormParts.Part part : parts) {
        if (part.name().equals("archive")) {
          zip = part.content();
        } else if (part.filename().isPresent()) {
          if (files.size() == maxFiles) {
            throw new InvalidSubmissionException(
                "a submission may have at most " + maxFiles + " files");
          }
          files.add(new SubmittedFile(part.filename().get(), part.content()));
        } else if (part.name().equals("student")) {
          student = part.text().strip();
        }
      }
      if (zip != null && !files.isEmpty()) {
        throw new InvalidSubmissionException("send either files or one 'archive' zip, not both");
      }
      if (student != null
          && !Identity.USERNAME.matcher(student.toLowerCase(Locale.ROOT)).matches()) {
        throw Refusal.invalid("invalid_student", "the form field 'student' must be a username");
      }
      return new Upload(
          Optional.ofNullable(student).filter(s -> !s.isEmpty()), files, Optional.ofNullable(zip));
    }
  }
}
