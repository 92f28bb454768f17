package dev.autograder.api;

import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** What operators watch: cluster members, queues, metrics, liveness and readiness, and the API's description. */
final class OperationsRoutes extends ApiDirectives {

  OperationsRoutes(ApiContext api) {
    super(api);
  }

  Route apiRoutes() {
    return concat(
        path("cluster", () -> get(() -> authenticated(caller -> siteAdmin(caller,
            complete(ok(api.desk().cluster())))))),
        path("queues", () -> get(() -> authenticated(caller -> siteAdmin(caller,
            respond(api.desk().queues().thenApply(this::ok)))))),
        path("openapi.json", () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))));
  }

  Route rootRoutes() {
    return concat(
        // Prometheus reads plain text without a version parameter as its text format 0.0.4.
        path("metrics", () -> get(() -> respond(api.desk().queues().thenApply(queues -> HttpResponse.create()
            .withEntity(ContentTypes.TEXT_PLAIN_UTF8, QueueMetrics.render(queues)))))),
        path("alive", () -> get(() -> complete(ok(Map.of("alive", true))))),
        path("ready", () -> get(() -> onSuccess(api.desk().ready().exceptionally(failure -> false), ready -> ready
            ? complete(ok(Map.of("ready", true)))
            : complete(json(StatusCodes.SERVICE_UNAVAILABLE, Map.of("error", Map.of("code", "not_ready",
                "message", "this node is not a cluster member yet, or its database does not answer"))))))));
  }
}
