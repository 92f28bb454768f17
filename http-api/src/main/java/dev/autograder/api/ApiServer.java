package dev.autograder.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/** Binds the API routes on the configured interface and port. */
public final class ApiServer {
  private ApiServer() {}

  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, GradingDesk desk) {
    Config config = system.settings().config();
    Config http = config.getConfig("autograder.http");
    ObjectMapper json = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    var settings = new ApiRoutes.Settings(config.getInt("autograder.submission.max-files"),
        config.getBytes("autograder.submission.max-bytes"), config.getBytes("autograder.assignment.max-package-bytes"),
        config.getString("autograder.cluster.secret"));
    return Http.get(system)
        .newServerAt(http.getString("interface"), http.getInt("port"))
        .bind(new ApiRoutes(desk, json, settings).routes());
  }
}
