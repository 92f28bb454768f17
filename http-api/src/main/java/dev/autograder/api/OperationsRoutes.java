package dev.autograder.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What operators watch: cluster members, queues, metrics, liveness and readiness, and the API's
 * description. Metrics are for site admins or the configured scrape token; /alive and /ready are
 * open (they tell nothing but up or not).
 */
final class OperationsRoutes extends ApiDirectives {

  OperationsRoutes(ApiContext api) {
    super(api);
  }

  Route apiRoutes() {
    return concat(
        path(
            "cluster",
            () ->
                get(
                    () ->
                        authenticated(
                            caller -> siteAdmin(caller, complete(ok(api.desk().cluster())))))),
        path(
            "queues",
            () ->
                get(
                    () ->
                        authenticated(
                            caller ->
                                siteAdmin(
                                    caller, respond(api.desk().queues().thenApply(this::ok)))))),
        path(
            "telemetry",
            () ->
                get(
                    () ->
                        authenticated(
                            caller ->
                                siteAdmin(
                                    caller, respond(api.desk().telemetry().thenApply(this::ok)))))),
        path(
            segment("telemetry").slash("history"),
            () ->
                get(
                    () ->
                        authenticated(
                            caller ->
                                siteAdmin(
                                    caller, respond(api.desk().history().thenApply(this::ok)))))),
        path(
            "openapi.json",
            () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))));
  }

  /** Whether the request carries the configured scrape token (never when none is configured). */
  private boolean scrapeToken(Optional<String> authorization) {
    String token = api.settings().metricsToken();
    return !token.isEmpty()
        && authorization
            .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(
                v ->
                    MessageDigest.isEqual(
                        v.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8)))
            .orElse(false);
  }

  private Route metrics() {
    // Prometheus reads plain text without a version parameter as its text format 0.0.4.
    return respond(
        api.desk()
            .queues()
            .thenCombine(
                api.desk().telemetry(),
                (queues, telemetry) ->
                    HttpResponse.create()
                        .withEntity(
                            ContentTypes.TEXT_PLAIN_UTF8,
                            QueueMetrics.render(queues) + TelemetryMetrics.render(telemetry))));
  }

  Route rootRoutes() {
    return concat(
        path(
            "metrics",
            () ->
                get(
                    () ->
                        optionalHeaderValueByName(
                            "Authorization",
                            authorization ->
                                scrapeToken(authorization)
                                    ? metrics()
                                    : authenticated(caller -> siteAdmin(caller, metrics()))))),
        path("alive", () -> get(() -> complete(ok(Map.of("alive", true))))),
        path(
            "ready",
            () ->
                get(
                    () ->
                        onSuccess(
                            api.desk().ready().exceptionally(failure -> false),
                            ready ->
                                ready
                                    ? complete(ok(Map.of("ready", true)))
                                    : complete(
                                        json(
                                            StatusCodes.SERVICE_UNAVAILABLE,
                                            Map.of(
                                                "error",
                                                Map.of(
                                                    "code",
                                                    "not_ready",
                                                    "message",
                                                    "this node is not a cluster member yet, or its database does not answer"))))))));
  }
}
