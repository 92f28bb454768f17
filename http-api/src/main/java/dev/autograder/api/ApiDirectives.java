package dev.autograder.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import dev.autograder.port.Identity;
import dev.autograder.port.Identity.Caller;
import dev.autograder.port.Refusal;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** Directives every group of routes uses: JSON in and out, who is calling, and what they may do. */
abstract class ApiDirectives extends AllDirectives {
  static final String SESSION_COOKIE = "ag_session";
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** The largest JSON or CSV body: a spec with many tests, a roster of thousands. */
  static final long MAX_TEXT_BYTES = 8 * 1024 * 1024;

  /** How long a client may take to send a form's body. */
  static final java.time.Duration FORM_READ_WITHIN = java.time.Duration.ofSeconds(30);

  protected final ApiContext api;

  ApiDirectives(ApiContext api) {
    this.api = api;
  }

  /**
   * The caller by bearer token or session cookie; 401 without, 403 for a cookie without its CSRF
   * token, and 403 {@code password_change_required} while the account's password is a generated
   * one.
   */
  Route authenticated(Function<Caller, Route> inner) {
    return evenBeforePasswordChange(
        caller -> {
          if (caller.mustChangePassword()) {
            throw Refusal.of(
                Refusal.Kind.FORBIDDEN,
                "password_change_required",
                "this account's password was generated: change it (PUT /api/v1/me/password) before anything else");
          }
          return inner.apply(caller);
        });
  }

  /**
   * The caller, also one who must change a generated password first: for signing out, whoami and
   * the change.
   */
  Route evenBeforePasswordChange(Function<Caller, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        authorization ->
            optionalCookie(
                SESSION_COOKIE,
                cookie ->
                    optionalHeaderValueByName(
                        CSRF_HEADER,
                        csrf ->
                            extractMethod(
                                method -> {
                                  CompletionStage<Optional<Caller>> caller;
                                  if (authorization.isPresent()) {
                                    String value = authorization.get();
                                    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                                      throw Refusal.of(
                                          Refusal.Kind.UNAUTHENTICATED,
                                          "unauthenticated",
                                          "the Authorization header must be 'Bearer <token>'");
                                    }
                                    caller = api.identity().byToken(value.substring(7).strip());
                                  } else if (cookie.isPresent()) {
                                    caller = api.identity().bySession(cookie.get().value());
                                  } else {
                                    throw Refusal.of(
                                        Refusal.Kind.UNAUTHENTICATED,
                                        "unauthenticated",
                                        "sign in, or send an API token as 'Authorization: Bearer'");
                                  }
                                  return onSuccess(
                                      caller,
                                      found -> {
                                        Caller c =
                                            found.orElseThrow(
                                                () ->
                                                    Refusal.of(
                                                        Refusal.Kind.UNAUTHENTICATED,
                                                        "unauthenticated",
                                                        "the session or token is unknown, expired or revoked"));
                                        boolean safe =
                                            method.equals(HttpMethods.GET)
                                                || method.equals(HttpMethods.HEAD);
                                        if (c.via() == Identity.Via.SESSION
                                            && !safe
                                            && !c.csrfToken().equals(csrf.orElse(""))) {
                                          throw Refusal.of(
                                              Refusal.Kind.FORBIDDEN,
                                              "csrf",
                                              "a signed-in browser must send the session's "
                                                  + CSRF_HEADER
                                                  + " header");
                                        }
                                        return inner.apply(c);
                                      });
                                }))));
  }

  /**
   * The client's address, for the sign-in throttle: the TCP peer, or the last address in the
   * configured proxy header (the one the proxy saw) when that header is set.
   */
  Route clientAddress(Function<String, Route> inner) {
    return extractRequest(
        request -> {
          String header = api.settings().clientAddressHeader();
          if (!header.isEmpty()) {
            Optional<String> forwarded =
                request
                    .getHeader(header)
                    .map(
                        h -> {
                          String value = h.value();
                          return value.substring(value.lastIndexOf(',') + 1).strip();
                        })
                    .filter(v -> !v.isEmpty());
            if (forwarded.isPresent()) {
              return inner.apply(forwarded.get());
            }
          }
          String peer =
              request
                  .getAttribute(AttributeKeys.remoteAddress)
                  .flatMap(RemoteAddress::getAddress)
                  .map(InetAddress::getHostAddress)
                  .orElse("unknown");
          return inner.apply(peer);
        });
  }

  Route siteAdmin(Caller caller, Route inner) {
    if (!caller.siteAdmin()) {
      throw forbidden("only a site admin may do this");
    }
    return inner;
  }

  /**
   * The caller's role in the course: a site admin counts as an instructor; a non-member gets 404.
   */
  CompletionStage<CourseRole> roleIn(Caller caller, String courseId) {
    return api.courses()
        .membership(courseId, caller.username())
        .thenApply(
            m -> {
              if (!m.courseExists()) {
                throw Refusal.notFound("course", courseId);
              }
              if (caller.siteAdmin()) {
                return CourseRole.INSTRUCTOR;
              }
              return m.role().orElseThrow(() -> Refusal.notFound("course", courseId));
            });
  }

  Route inCourse(Caller caller, String courseId, Function<CourseRole, Route> inner) {
    return onSuccess(roleIn(caller, courseId), inner::apply);
  }

  /** The assignment and the caller's role in its course; students do not see unpublished ones. */
  Route withAssignment(
      Caller caller, String assignmentId, BiFunction<AssignmentDetails, CourseRole, Route> inner) {
    CompletionStage<Access> access =
        api.courses()
            .assignment(assignmentId)
            .thenCompose(
                found -> {
                  AssignmentDetails a =
                      found.orElseThrow(() -> Refusal.notFound("assignment", assignmentId));
                  return roleIn(caller, a.courseId())
                      .thenApply(
                          role -> {
                            if (!role.isStaff() && !a.rules().published()) {
                              throw Refusal.notFound("assignment", assignmentId);
                            }
                            return new Access(a, role);
                          });
                });
    return onSuccess(access, a -> inner.apply(a.assignment(), a.role()));
  }

  private record Access(AssignmentDetails assignment, CourseRole role) {}

  static void requireStaff(CourseRole role) {
    if (!role.isStaff()) {
      throw forbidden("only the course's instructors and TAs may do this");
    }
  }

  static void requireInstructor(CourseRole role) {
    if (role != CourseRole.INSTRUCTOR) {
      throw forbidden("only the course's instructors may do this");
    }
  }

  static Refusal forbidden(String message) {
    return Refusal.of(Refusal.Kind.FORBIDDEN, "forbidden", message);
  }

  /** The JSON body as the given type: 400 for malformed JSON, wrong types or unknown fields. */
  <T> Route jsonBody(Class<T> type, Function<T, Route> inner) {
    return jsonText(body -> inner.apply(read(body, type)));
  }

  /** A JSON body as text; any other content type is a 415. */
  Route jsonText(Function<String, Route> inner) {
    return extractRequestEntity(
        entity -> {
          if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
            throw Refusal.of(
                Refusal.Kind.UNSUPPORTED_FORM,
                "unsupported_media_type",
                "the body must be application/json");
          }
          return textBody(inner);
        });
  }

  /** A text body (JSON, CSV) of at most {@link #MAX_TEXT_BYTES}. */
  Route textBody(Function<String, Route> inner) {
    return limitedBody(MAX_TEXT_BYTES, () -> entity(Unmarshaller.entityToString(), inner::apply));
  }

  /**
   * At most {@code maxBytes} of body: a request that announces more is refused from its header,
   * before any of it is read, and one that sends more is cut off at the limit.
   */
  Route limitedBody(long maxBytes, java.util.function.Supplier<Route> inner) {
    return extractRequestEntity(
        entity -> {
          if (entity.getContentLengthOption().orElse(0L) > maxBytes) {
            throw Refusal.of(
                Refusal.Kind.TOO_LARGE,
                "too_large",
                "the request body is larger than the limit of " + maxBytes + " bytes");
          }
          return withSizeLimit(maxBytes, inner);
        });
  }

  /**
   * A multipart/form-data body of at most {@code maxBytes}, read into memory and split into its
   * parts (see {@link FormParts}); any other content type is a 415.
   */
  Route formParts(long maxBytes, Function<List<FormParts.Part>, Route> inner) {
    return limitedBody(
        maxBytes,
        () ->
            extractRequestEntity(
                // A body that arrived whole (within the limit: limitedBody checked its length) is
                // read as it is; Pekko's toStrict with a limit would run a stream over it for
                // nothing, a tenth of the node's CPU per submission.
                entity ->
                    entity instanceof HttpEntity.Strict whole
                        ? inner.apply(parts(whole))
                        : extractStrictEntity(
                            FORM_READ_WITHIN, maxBytes, read -> inner.apply(parts(read)))));
  }

  private static List<FormParts.Part> parts(HttpEntity.Strict entity) {
    MediaType type = entity.getContentType().mediaType();
    if (!type.isMultipart() || !type.subType().equals("form-data")) {
      throw Refusal.of(
          Refusal.Kind.UNSUPPORTED_FORM,
          "unsupported_media_type",
          "the body must be multipart/form-data");
    }
    // Pekko parsed the Content-Type's parameters already; the Java model does not show them.
    scala.Option<String> boundary =
        ((org.apache.pekko.http.scaladsl.model.MediaType) type).params().get("boundary");
    if (boundary.isEmpty()) {
      throw FormParts.malformed("the Content-Type has no boundary");
    }
    return FormParts.parse(entity.getData().toArray(), boundary.get());
  }

  <T> T read(String body, Class<T> type) {
    try {
      T value = api.json().readValue(body, type);
      if (value == null) {
        throw Refusal.invalid("invalid_json", "the body is empty");
      }
      return value;
    } catch (JacksonException e) {
      throw Refusal.invalid("invalid_json", "the body is not valid: " + e.getOriginalMessage());
    }
  }

  JsonNode readTree(String body) {
    try {
      JsonNode tree = api.json().readTree(body);
      if (tree == null || !tree.isObject()) {
        throw Refusal.invalid("invalid_json", "the body must be a JSON object");
      }
      return tree;
    } catch (JacksonException e) {
      throw Refusal.invalid(
          "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, api.json().writeValueAsBytes(body));
    } catch (JacksonException e) {
      throw new IllegalStateException("could not write a response", e);
    }
  }

  static HttpResponse noContent() {
    return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
  }

  HttpResponse ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  /** Completes with the stage's response; a failed stage goes to the exception handler. */
  Route respond(CompletionStage<HttpResponse> response) {
    return onSuccess(response, this::complete);
  }

  static <T> CompletionStage<T> completed(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
