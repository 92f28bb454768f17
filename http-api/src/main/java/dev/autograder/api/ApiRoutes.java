package dev.autograder.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autograder.ClusterSecret;
import dev.autograder.ContentHash;
import dev.autograder.submission.InvalidSubmissionException;
import dev.autograder.submission.SubmissionArchive;
import dev.autograder.submission.SubmittedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JSON API under /api/v1, the runners' blob endpoint, and the web app's files. */
public final class ApiRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
  private static final Pattern STUDENT = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");
  /** Multipart framing around the files: headers, boundaries, the student field. */
  private static final long MULTIPART_OVERHEAD = 256 * 1024;

  public record Settings(int maxFiles, long maxSubmissionBytes, long maxPackageBytes, String clusterSecret) {}

  private final GradingDesk desk;
  private final ObjectMapper json;
  private final Settings settings;
  private final SubmissionArchive archive;

  public ApiRoutes(GradingDesk desk, ObjectMapper json, Settings settings) {
    this.desk = desk;
    // Typos in a spec must be reported, not silently dropped.
    this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.settings = settings;
    this.archive = new SubmissionArchive(settings.maxFiles(), settings.maxSubmissionBytes());
  }

  public Route routes() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> concat(
        pathPrefix("api", () -> pathPrefix("v1", this::api)),
        path(segment("internal").slash("blobs").slash(segment()), this::blob),
        // Prometheus reads plain text without a version parameter as its text format 0.0.4.
        path("metrics", () -> get(() -> respond(desk.queues().thenApply(queues -> HttpResponse.create()
            .withEntity(ContentTypes.TEXT_PLAIN_UTF8, QueueMetrics.render(queues)))))),
        pathSingleSlash(() -> get(() -> getFromResource("web/index.html"))),
        pathPrefix("assets", () -> get(() -> getFromResourceDirectory("web/assets"))))));
  }

  private Route api() {
    return concat(
        pathPrefix("assignments", () -> concat(
            pathEnd(() -> post(() -> concat(
                extractRequestEntity(e -> e.getContentType().mediaType().isMultipart()
                    ? createFromPackage() : reject()),
                entity(Unmarshaller.entityToString(), this::createAssignment)))),
            pathPrefix(segment(), id -> concat(
                pathEnd(() -> get(() -> respond(desk.assignment(id)
                    .thenApply(found -> ok(found.orElseThrow(() -> ApiProblem.notFound("assignment", id))))))),
                path("submissions", () -> post(() -> submit(id))))))),
        path("queues", () -> get(() -> respond(desk.queues().thenApply(this::ok)))),
        path(segment("submissions").slash(segment()), id -> get(() -> respond(desk.submission(id)
            .thenApply(found -> ok(found.orElseThrow(() -> ApiProblem.notFound("submission", id))))))));
  }

  private Route createAssignment(String body) {
    NewAssignment request;
    try {
      request = json.readValue(body, NewAssignment.class);
    } catch (JacksonException e) {
      throw ApiProblem.badRequest("invalid_json", "the body is not a valid assignment: " + e.getOriginalMessage());
    }
    if (request == null) {
      throw ApiProblem.badRequest("invalid_json", "the body is empty");
    }
    return respond(desk.createAssignment(request.validated())
        .thenApply(created -> json(StatusCodes.CREATED, created)
            .addHeader(Location.create("/api/v1/assignments/" + created.id()))));
  }

  private Route createFromPackage() {
    return withSizeLimit(settings.maxPackageBytes() + MULTIPART_OVERHEAD, () ->
        extractMaterializer(mat -> entity(Unmarshaller.entityToMultipartFormData(), form ->
            respond(form.toStrict(60_000, mat).thenCompose(strict -> {
              PackageUpload upload = PackageUpload.of(strict);
              // Blobs are named by their content, so the spec can name the archive before it is stored.
              var spec = upload.spec(ContentHash.sha256(upload.archive()), settings.maxPackageBytes());
              var request = new NewAssignment(upload.id(), upload.title(), upload.flavour(), spec).validated();
              return desk.storeBlob(upload.archive()).thenCompose(hash -> desk.createAssignment(request));
            }).thenApply(created -> json(StatusCodes.CREATED, created)
                .addHeader(Location.create("/api/v1/assignments/" + created.id())))))));
  }

  private Route submit(String assignmentId) {
    return withSizeLimit(settings.maxSubmissionBytes() + MULTIPART_OVERHEAD, () ->
        extractMaterializer(mat -> entity(Unmarshaller.entityToMultipartFormData(), form ->
            respond(form.toStrict(30_000, mat).thenCompose(strict -> {
              Upload upload = Upload.of(strict, settings.maxFiles());
              return desk.submit(assignmentId, upload.student(), archive.validate(upload.files()));
            }).thenApply(view -> json(StatusCodes.ACCEPTED, view)
                .addHeader(Location.create("/api/v1/submissions/" + view.id())))))));
  }

  /** The fields of a submission upload: the student and every part that carries a file name. */
  private record Upload(String student, List<SubmittedFile> files) {
    static Upload of(Multipart.FormData.Strict form, int maxFiles) {
      String student = null;
      List<SubmittedFile> files = new ArrayList<>();
      for (Multipart.FormData.BodyPart.Strict part : form.getStrictParts()) {
        Optional<String> filename = part.getFilename();
        if (filename.isPresent()) {
          if (files.size() == maxFiles) {
            throw new InvalidSubmissionException("a submission may have at most " + maxFiles + " files");
          }
          files.add(new SubmittedFile(filename.get(), part.getEntity().getData().toArray()));
        } else if (part.getName().equals("student")) {
          student = part.getEntity().getData().utf8String().strip();
        }
      }
      if (student == null || !STUDENT.matcher(student).matches()) {
        throw ApiProblem.badRequest("invalid_student",
            "the form field 'student' must be 1 to 100 of letters, digits and . _ @ + -");
      }
      return new Upload(student, files);
    }
  }

  private Route blob(String hash) {
    return get(() -> optionalHeaderValueByName(ClusterSecret.HEADER, presented -> {
      if (!ClusterSecret.matches(settings.clusterSecret(), presented.orElse(null))) {
        throw new ApiProblem(403, "forbidden", "blobs are for the cluster's nodes only");
      }
      if (!ContentHash.isSha256(hash)) {
        throw ApiProblem.badRequest("invalid_hash", "a blob is named by its SHA-256 in lower-case hex");
      }
      return respond(desk.blob(hash).thenApply(found -> HttpResponse.create().withEntity(
          ContentTypes.APPLICATION_OCTET_STREAM, found.orElseThrow(() -> ApiProblem.notFound("blob", hash)))));
    }));
  }

  private HttpResponse ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  private HttpResponse json(org.apache.pekko.http.javadsl.model.StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(body));
    } catch (JacksonException e) {
      throw new IllegalStateException("could not write a response", e);
    }
  }

  /** Completes with the stage's response, or with the error response its failure stands for. */
  private Route respond(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(failure -> problem(unwrap(failure))));
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? unwrap(t.getCause()) : t;
  }

  private HttpResponse problem(Throwable failure) {
    if (failure instanceof ApiProblem p) {
      HttpResponse response = error(p.status(), p.code(), p.getMessage());
      return p.retryAfterSeconds() > 0
          ? response.addHeader(RawHeader.create("Retry-After", String.valueOf(p.retryAfterSeconds())))
          : response;
    }
    if (failure instanceof InvalidSubmissionException e) {
      return error(400, "invalid_submission", e.getMessage());
    }
    if (failure instanceof EntityStreamSizeException e) {
      return error(413, "too_large", "the request body is larger than the limit of " + e.limit() + " bytes");
    }
    if (failure instanceof java.util.concurrent.TimeoutException
        || failure instanceof org.apache.pekko.pattern.AskTimeoutException) {
      return error(503, "unavailable", "the grading cluster did not answer in time; try again")
          .addHeader(RawHeader.create("Retry-After", "5"));
    }
    log.error("request failed", failure);
    return error(500, "internal", "the request failed on the server; it has been logged");
  }

  private HttpResponse error(int status, String code, String message) {
    ObjectNode body = json.createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    return json(StatusCodes.get(status), body);
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder().matchAny(t -> complete(problem(unwrap(t)))).build();
  }

  /** Pekko's own rejections (unknown path, wrong method, bad content type) in the JSON error shape. */
  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict
          && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
        int status = response.status().intValue();
        return error(status, codeOf(status), strict.getData().utf8String());
      }
      return response;
    });
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

}
