package dev.autograder.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.port.CountedSubmissions;
import dev.autograder.port.CourseOffice;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.port.GradingDesk;
import dev.autograder.port.Refusal;
import dev.autograder.submission.archive.SubmissionArchive;
import dev.autograder.submission.archive.SubmittedFile;
import dev.autograder.submission.view.SubmissionView;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The code view: a submission's files, one file's text, the submission as a zip, and every
 * student's counted submission of an assignment as one zip. Text leaves only inside JSON (or as a
 * zip attachment), never as a page a browser would render or run.
 */
final class CodeViewRoutes extends ApiDirectives {
  private static final ContentType ZIP = ContentTypes.create(MediaTypes.APPLICATION_ZIP);

  /** A file as the list shows it: binary when it is not UTF-8 text or holds a NUL character. */
  record FileEntry(String path, int size, boolean binary) {}

  record FileList(
      String submissionId, String assignmentId, String student, List<FileEntry> files) {}

  /** One file: its text, or none when it is binary. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FileText(String submissionId, String path, int size, boolean binary, String content) {}

  private final SubmissionArchive archive;

  CodeViewRoutes(ApiContext api) {
    super(api);
    this.archive =
        new SubmissionArchive(api.settings().maxFiles(), api.settings().maxSubmissionBytes());
  }

  /**
   * Under /submissions/{id}, once the caller is known to own the submission or be staff of its
   * course.
   */
  Route submission(SubmissionView view) {
    return concat(
        path(
            "files",
            () ->
                get(
                    () ->
                        respond(
                            files(view.id())
                                .thenApply(
                                    files ->
                                        ok(
                                            new FileList(
                                                view.id(),
                                                view.assignmentId(),
                                                view.student(),
                                                files.stream()
                                                    .map(
                                                        f ->
                                                            new FileEntry(
                                                                f.path(),
                                                                f.content().length,
                                                                text(f.content()).isEmpty()))
                                                    .toList())))))),
        path(
            "file",
            () ->
                get(
                    () ->
                        parameterOptional(
                            "path",
                            path -> {
                              String wanted =
                                  path.filter(p -> !p.isBlank())
                                      .orElseThrow(
                                          () ->
                                              Refusal.invalid(
                                                  "invalid_path",
                                                  "name the file with the query parameter 'path'"));
                              return respond(
                                  files(view.id())
                                      .thenApply(
                                          files -> {
                                            SubmittedFile file =
                                                files.stream()
                                                    .filter(f -> f.path().equals(wanted))
                                                    .findFirst()
                                                    .orElseThrow(
                                                        () -> Refusal.notFound("file", wanted));
                                            Optional<String> content = text(file.content());
                                            return ok(
                                                new FileText(
                                                    view.id(),
                                                    file.path(),
                                                    file.content().length,
                                                    content.isEmpty(),
                                                    content.orElse(null)));
                                          }));
                            }))),
        path(
            "archive.zip",
            () ->
                get(
                    () ->
                        respond(
                            stored(view.id())
                                .thenApply(
                                    zip ->
                                        HttpResponse.create()
                                            .withEntity(ZIP, zip)
                                            .addHeader(
                                                attachment(
                                                    view.assignmentId()
                                                        + "-"
                                                        + view.student()
                                                        + "-"
                                                        + view.id()
                                                        + ".zip")))))));
  }

  /**
   * Every student's counted (latest) submission as one zip with a folder per student, streamed: one
   * submission's files are in memory at a time. Staff only; staff's own test submissions stay out.
   */
  Route assignmentArchive(AssignmentDetails assignment, CourseRole role) {
    requireStaff(role);
    CompletionStage<List<GradingDesk.SubmissionSummary>> counted =
        api.courses()
            .roster(assignment.courseId())
            .thenCompose(
                roster -> {
                  Set<String> students = CourseOffice.studentsOf(roster);
                  return api.desk()
                      .submissions(assignment.id(), Optional.empty(), false)
                      .thenApply(
                          all ->
                              new CountedSubmissions(assignment.rules().countedSubmission(), all)
                                  .all().values().stream()
                                      .filter(s -> students.contains(s.student()))
                                      .sorted(
                                          Comparator.comparing(
                                              GradingDesk.SubmissionSummary::student))
                                      .toList());
                });
    Source<ByteString, NotUsed> zip =
        Source.completionStage(counted)
            .mapConcat(each -> each)
            .mapAsync(1, s -> files(s.id()).thenApply(files -> Pair.create(s.student(), files)))
            .statefulMap(
                ZipStream::new,
                (stream, folder) ->
                    Pair.create(stream, stream.add(folder.first() + "/", folder.second())),
                stream -> Optional.of(stream.finish()));
    return complete(
        HttpResponse.create()
            .withEntity(HttpEntities.createChunked(ZIP, zip))
            .addHeader(attachment(assignment.id() + "-submissions.zip")));
  }

  private CompletionStage<byte[]> stored(String submissionId) {
    return api.desk()
        .submissionArchive(submissionId)
        .thenApply(found -> found.orElseThrow(() -> Refusal.notFound("submission", submissionId)));
  }

  private CompletionStage<List<SubmittedFile>> files(String submissionId) {
    return stored(submissionId).thenApply(archive::unpack);
  }

  private static ContentDisposition attachment(String filename) {
    return ContentDisposition.create(
        ContentDispositionTypes.ATTACHMENT, Map.of("filename", filename));
  }

  /** The content as text when it is UTF-8 without NUL characters, which no source file has. */
  static Optional<String> text(byte[] content) {
    for (byte b : content) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
