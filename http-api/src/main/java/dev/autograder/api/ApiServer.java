package dev.autograder.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.autograder.port.CourseOffice;
import dev.autograder.port.GradingDesk;
import dev.autograder.port.Identity;
import dev.autograder.port.SignInGuard;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.NoLogging$;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.settings.ParserSettings$;
import org.apache.pekko.http.scaladsl.unmarshalling.MultipartUnmarshallers$;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/** Binds the API routes on the configured interface and port. */
public final class ApiServer {
  private ApiServer() {}

  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system,
      Identity identity,
      CourseOffice courses,
      GradingDesk desk,
      SignInGuard signIn) {
    Config config = system.settings().config();
    Config http = config.getConfig("autograder.http");
    return Http.get(system)
        .newServerAt(http.getString("interface"), http.getInt("port"))
        .bind(new ApiRoutes(context(system, identity, courses, desk, signIn)).routes());
  }

  public static ApiContext context(
      ActorSystem<?> system,
      Identity identity,
      CourseOffice courses,
      GradingDesk desk,
      SignInGuard signIn) {
    Config config = system.settings().config();
    Config http = config.getConfig("autograder.http");
    // Typos in a request must be reported, not silently dropped.
    ObjectMapper json =
        JacksonObjectMapperProvider.get(system)
            .getOrCreate("jackson-json", Optional.empty())
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    var settings =
        new ApiRoutes.Settings(
            config.getInt("autograder.submission.max-files"),
            config.getBytes("autograder.submission.max-bytes"),
            config.getBytes("autograder.assignment.max-package-bytes"),
            http.getBoolean("secure-cookies"),
            http.getString("content-security-policy"),
            http.getString("metrics-token"),
            http.getString("sign-in.client-address-header"));
    if (!settings.metricsToken().isEmpty() && settings.metricsToken().length() < 16) {
      // Also catches a template that rendered a missing variable as a short placeholder.
      throw new IllegalArgumentException(
          "autograder.http.metrics-token (AUTOGRADER_METRICS_TOKEN) must be empty or "
              + "at least 16 characters, e.g. openssl rand -hex 32");
    }
    return new ApiContext(
        identity,
        courses,
        desk,
        json,
        settings,
        signIn,
        new StatusStreams(
            http.getInt("status-streams.per-user"), http.getDuration("status-streams.heartbeat")),
        multipart(system),
        system.executionContext());
  }

  /**
   * Pekko's multipart/form-data unmarshaller with the server's parser settings read once: without
   * them, the Java one reads them from the configuration again for every request it parses.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Unmarshaller<HttpEntity, Multipart.FormData> multipart(ActorSystem<?> system) {
    // The Scala unmarshaller's types are the Scala models, which the Java ones are views of.
    return (Unmarshaller)
        Unmarshaller.fromScala(
            MultipartUnmarshallers$.MODULE$.multipartFormDataUnmarshaller(
                NoLogging$.MODULE$, ParserSettings$.MODULE$.forServer(system)));
  }
}
