package dev.autograder.api;

import dev.autograder.port.Identity;
import dev.autograder.port.Identity.Caller;
import dev.autograder.port.Identity.NewAccount;
import dev.autograder.port.Identity.PasswordChange;
import dev.autograder.port.Identity.TokenRequest;
import dev.autograder.port.Refusal;
import dev.autograder.port.SignInThrottle;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Signing in and out, the caller's own account and tokens, and accounts for site admins. */
final class AccountRoutes extends ApiDirectives {
  /** A form's sign-in body. */
  record SignIn(String username, String password) {}

  private static final long UNAVAILABLE_RETRY_SECONDS = 5;

  AccountRoutes(ApiContext api) {
    super(api);
  }

  Route routes() {
    return concat(
        path(
            "session",
            () ->
                concat(
                    post(() -> jsonBody(SignIn.class, this::signIn)),
                    get(
                        () ->
                            evenBeforePasswordChange(
                                caller ->
                                    complete(
                                        ok(
                                            Map.of(
                                                "account",
                                                caller.account(),
                                                "csrfToken",
                                                caller.csrfToken() == null
                                                    ? ""
                                                    : caller.csrfToken(),
                                                "mustChangePassword",
                                                caller.mustChangePassword()))))),
                    delete(() -> evenBeforePasswordChange(this::signOut)))),
        pathPrefix(
            "me",
            () ->
                evenBeforePasswordChange(
                    caller ->
                        concat(
                            pathEnd(
                                () ->
                                    get(
                                        () ->
                                            respond(
                                                api.courses()
                                                    .courses(caller.username())
                                                    .thenApply(
                                                        courses ->
                                                            ok(
                                                                Map.of(
                                                                    "account",
                                                                    caller.account(),
                                                                    "courses",
                                                                    courses,
                                                                    "mustChangePassword",
                                                                    caller
                                                                        .mustChangePassword())))))),
                            path(
                                "password",
                                () ->
                                    put(
                                        () ->
                                            jsonBody(
                                                PasswordChange.class,
                                                change ->
                                                    respond(
                                                        api.identity()
                                                            .changePassword(
                                                                caller.username(),
                                                                change,
                                                                caller.credentialId())
                                                            .thenApply(done -> noContent())))))))),
        pathPrefix(
            "tokens",
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
                                                    api.identity()
                                                        .tokens(caller.username())
                                                        .thenApply(this::ok))),
                                        post(
                                            () ->
                                                jsonBody(
                                                    TokenRequest.class,
                                                    request -> {
                                                      if (request.name() == null
                                                          || request.name().isBlank()
                                                          || request.name().length() > 100) {
                                                        throw Refusal.invalid(
                                                            "invalid_name",
                                                            "a token needs a name of 1 to 100 characters");
                                                      }
                                                      return respond(
                                                          api.identity()
                                                              .issueToken(
                                                                  caller.username(),
                                                                  request.name().strip())
                                                              .thenApply(
                                                                  token ->
                                                                      json(
                                                                          StatusCodes.CREATED,
                                                                          token)));
                                                    })))),
                            path(
                                segment ->
                                    delete(
                                        () ->
                                            respond(
                                                api.identity()
                                                    .revokeToken(caller.username(), segment)
                                                    .thenApply(
                                                        revoked -> {
                                                          if (!revoked) {
                                                            throw Refusal.notFound(
                                                                "token", segment);
                                                          }
                                                          return noContent();
                                                        }))))))),
        pathPrefix(
            "accounts",
            () ->
                authenticated(
                    caller ->
                        siteAdmin(
                            caller,
                            concat(
                                pathEnd(
                                    () ->
                                        concat(
                                            get(
                                                () ->
                                                    respond(
                                                        api.identity()
                                                            .accounts()
                                                            .thenApply(this::ok))),
                                            post(
                                                () ->
                                                    jsonBody(
                                                        NewAccount.class,
                                                        account ->
                                                            respond(
                                                                create(account.validated())))))),
                                path(
                                    PathMatchers.segment().slash("password-reset"),
                                    username ->
                                        post(
                                            () ->
                                                respond(
                                                    api.identity()
                                                        .resetPassword(
                                                            username.toLowerCase(
                                                                java.util.Locale.ROOT),
                                                            caller.username(),
                                                            null)
                                                        .thenApply(this::ok)))))))));
  }

  /**
   * An account with the password the admin chose, or with a generated one its owner must change.
   */
  private CompletionStage<HttpResponse> create(NewAccount account) {
    if (account.password() != null) {
      return api.identity()
          .register(account)
          .thenApply(created -> json(StatusCodes.CREATED, created));
    }
    return api.identity()
        .registerGenerated(account.username(), account.displayName(), account.siteAdmin())
        .thenApply(
            generated ->
                json(
                    StatusCodes.CREATED,
                    Map.of(
                        "username",
                        generated.username(),
                        "displayName",
                        account.displayName(),
                        "siteAdmin",
                        account.siteAdmin(),
                        "initialPassword",
                        generated.initialPassword())));
  }

  private Route signIn(SignIn request) {
    if (request.username() == null || request.password() == null) {
      throw Refusal.invalid("invalid_json", "username and password are required");
    }
    String normalised = request.username().strip().toLowerCase(java.util.Locale.ROOT);
    // Bounded, so that the throttle's memory per username is too.
    String username =
        normalised.length() > 64 ? normalised.substring(0, 64) + "\u2026" : normalised;
    return clientAddress(
        client ->
            onSuccess(
                admitted(username, client),
                attempt -> {
                  CompletionStage<Identity.Session> session =
                      api.identity()
                          .verifyPassword(username, request.password())
                          .whenComplete(
                              (found, failure) -> {
                                if (failure != null) {
                                  api.signIn().abandoned(attempt);
                                } else if (found.isPresent()) {
                                  api.signIn().succeeded(attempt);
                                } else {
                                  api.signIn().failed(attempt);
                                }
                              })
                          .thenCompose(
                              found ->
                                  api.identity()
                                      .openSession(
                                          found.orElseThrow(
                                              () ->
                                                  Refusal.of(
                                                      Refusal.Kind.UNAUTHENTICATED,
                                                      "invalid_credentials",
                                                      "the username or the password is wrong"))));
                  return onSuccess(
                      session,
                      opened ->
                          setCookie(
                              sessionCookie(opened.token()),
                              () ->
                                  complete(
                                      ok(
                                          Map.of(
                                              "account",
                                              opened.account(),
                                              "csrfToken",
                                              opened.csrfToken(),
                                              "mustChangePassword",
                                              opened.mustChangePassword())))));
                }));
  }

  /**
   * The admitted attempt, or a 429 when the throttle refuses it, or a 503 when the throttle does
   * not answer: the password is never checked without it.
   */
  private CompletionStage<SignInThrottle.Admitted> admitted(String username, String client) {
    return api.signIn()
        .admit(username, client)
        .handle(
            (admission, failure) -> {
              if (failure != null) {
                throw Refusal.unavailable(
                    "sign_in_unavailable",
                    "sign-in cannot be checked against its limits right now; try again in "
                        + UNAVAILABLE_RETRY_SECONDS
                        + " s",
                    UNAVAILABLE_RETRY_SECONDS);
              }
              if (admission instanceof SignInThrottle.Refused refused) {
                throw Refusal.tooMany(
                    "too_many_attempts",
                    refused.reason() + "; try again in " + refused.retryAfterSeconds() + " s",
                    refused.retryAfterSeconds());
              }
              return (SignInThrottle.Admitted) admission;
            });
  }

  private Route signOut(Caller caller) {
    if (caller.via() != Identity.Via.SESSION) {
      throw Refusal.invalid(
          "not_a_session", "an API token is revoked with DELETE /api/v1/tokens/{id}");
    }
    return onSuccess(
        api.identity().closeSession(caller.credentialId()),
        done -> setCookie(sessionCookie("").withMaxAge(0), () -> complete(noContent())));
  }

  private HttpCookie sessionCookie(String value) {
    return HttpCookie.create(SESSION_COOKIE, value)
        .withPath("/")
        .withHttpOnly(true)
        .withSecure(api.settings().secureCookies())
        .withSameSite(SameSite.Strict);
  }
}
