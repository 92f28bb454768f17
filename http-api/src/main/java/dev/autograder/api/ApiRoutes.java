package dev.autograder.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autograder.port.Refusal;
import dev.autograder.submission.archive.InvalidSubmissionException;
import dev.autograder.submission.archive.SubmissionArchive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under /api/v1, health and metrics, and the web app's files. Every failure leaves in
 * the one JSON error shape.
 */
public final class ApiRoutes extends ApiDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

  /**
   * @param secureCookies whether the session cookie is marked Secure and HSTS is sent (behind
   *     HTTPS)
   * @param contentSecurityPolicy the Content-Security-Policy of every response
   * @param metricsToken the bearer token that may read /metrics; empty when only site admins may
   * @param clientAddressHeader the header a proxy puts the client's address in; empty for the TCP
   *     peer
   */
  public record Settings(
      int maxFiles,
      long maxSubmissionBytes,
      long maxPackageBytes,
      boolean secureCookies,
      String contentSecurityPolicy,
      String metricsToken,
      String clientAddressHeader) {

    AssignmentOut.FileRules fileRules() {
      return new AssignmentOut.FileRules(
          maxFiles, maxSubmissionBytes, SubmissionArchive.PATH_SEGMENT);
    }
  }

  private final AccountRoutes accounts;
  private final CourseRoutes courses;
  private final AssignmentRoutes assignments;
  private final SubmissionRoutes submissions;
  private final OperationsRoutes operations;

  public ApiRoutes(ApiContext api) {
    super(api);
    this.accounts = new AccountRoutes(api);
    this.submissions = new SubmissionRoutes(api);
    this.assignments = new AssignmentRoutes(api, submissions);
    this.courses = new CourseRoutes(api, assignments);
    this.operations = new OperationsRoutes(api);
  }

  /**
   * The whole API, built once. The Java DSL's directives take their inner route from a supplier
   * that they call on every request, so each supplier here hands out a route built beforehand: one
   * that built the tree in it made every request construct every route again (a third of the node's
   * CPU per submission went to routing when it did).
   */
  public Route routes() {
    Route v1 =
        concat(
            accounts.routes(),
            courses.routes(),
            assignments.routes(),
            submissions.routes(),
            operations.apiRoutes());
    Route versioned = pathPrefix("v1", () -> v1);
    Route api = pathPrefix("api", () -> versioned);
    Route app =
        concat(
            api,
            operations.rootRoutes(),
            pathSingleSlash(() -> get(() -> getFromResource("web/index.html"))),
            pathPrefix("assets", () -> get(() -> getFromResourceDirectory("web/assets"))));
    Route refusalsAsJson = handleRejections(rejections(), () -> app);
    Route failuresAsJson = handleExceptions(exceptions(), () -> refusalsAsJson);
    return respondWithDefaultHeaders(securityHeaders(), () -> failuresAsJson);
  }

  /** On every response, errors included: what a browser may load, frame, sniff and refer. */
  private List<HttpHeader> securityHeaders() {
    List<HttpHeader> headers =
        new ArrayList<>(
            List.of(
                RawHeader.create("Content-Security-Policy", api.settings().contentSecurityPolicy()),
                RawHeader.create("X-Content-Type-Options", "nosniff"),
                RawHeader.create("X-Frame-Options", "DENY"),
                RawHeader.create("Referrer-Policy", "no-referrer")));
    if (api.settings().secureCookies()) {
      headers.add(
          RawHeader.create("Strict-Transport-Security", "max-age=31536000; includeSubDomains"));
    }
    return headers;
  }

  private HttpResponse problem(Throwable failure) {
    if (failure instanceof Refusal p) {
      return error(
          statusOf(p.kind()), p.code(), p.getMessage(), p.retryAfterSeconds(), p.details());
    }
    if (failure instanceof InvalidSubmissionException e) {
      return error(400, "invalid_submission", e.getMessage());
    }
    if (failure instanceof EntityStreamSizeException e) {
      return error(
          413, "too_large", "the request body is larger than the limit of " + e.limit() + " bytes");
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
    return error(status, code, message, 0, List.of());
  }

  /**
   * The one JSON error shape: {@code {"error": {"code", "message", "details"?}}}, and Retry-After
   * when said.
   */
  private HttpResponse error(
      int status,
      String code,
      String message,
      long retryAfterSeconds,
      List<Map<String, Object>> details) {
    ObjectNode body = api.json().createObjectNode();
    ObjectNode error = body.putObject("error").put("code", code).put("message", message);
    if (!details.isEmpty()) {
      error.set("details", api.json().valueToTree(details));
    }
    HttpResponse response = json(StatusCodes.get(status), body);
    return retryAfterSeconds > 0
        ? response.addHeader(RawHeader.create("Retry-After", String.valueOf(retryAfterSeconds)))
        : response;
  }

  /** The one place where a refusal's kind becomes an HTTP status. */
  static int statusOf(Refusal.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_FORM -> 415;
      case TOO_MANY -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .matchAny(t -> complete(problem(Refusal.causeOf(t))))
        .build();
  }

  /**
   * Pekko's own rejections (unknown path, wrong method, bad content type) in the JSON error shape.
   */
  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler()
        .mapRejectionResponse(
            response -> {
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
