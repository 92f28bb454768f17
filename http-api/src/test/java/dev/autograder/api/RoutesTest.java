package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.port.CourseOffice;
import dev.autograder.port.CourseOffice.CourseSummary;
import dev.autograder.port.GradingDesk;
import dev.autograder.port.Identity;
import dev.autograder.port.Identity.AccountView;
import dev.autograder.port.Identity.Caller;
import dev.autograder.port.Refusal;
import dev.autograder.port.SignInGuard;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routes on their own, against fakes of the ports (no cluster, no database): how they
 * authenticate, and how a port's answer, refusal or failure becomes the HTTP answer, in the one
 * JSON error shape.
 */
class RoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller ADA =
      new Caller(
          new AccountView("ada", "Ada Lovelace", false), Identity.Via.TOKEN, "t1", null, false);

  private static ActorTestKit testKit;
  private static ServerBinding binding;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** What the fake CourseOffice answers to "the caller's courses", per test. */
  private static final AtomicReference<Function<String, CompletionStage<List<CourseSummary>>>>
      coursesAnswer = new AtomicReference<>();

  /** A port whose named methods answer as given; any other method fails the test that calls it. */
  @SuppressWarnings("unchecked")
  static <T> T fake(Class<T> port, Map<String, Function<Object[], Object>> answers) {
    return (T)
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (proxy, method, args) -> {
              Object[] given = args == null ? new Object[0] : args;
              return switch (method.getName()) {
                case "toString" -> "fake " + port.getSimpleName();
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == given[0];
                default -> {
                  Function<Object[], Object> answer = answers.get(method.getName());
                  if (answer == null) {
                    throw new UnsupportedOperationException(
                        port.getSimpleName() + "." + method.getName() + " is not faked");
                  }
                  yield answer.apply(given);
                }
              };
            });
  }

  @BeforeAll
  static void bind() throws Exception {
    testKit = ActorTestKit.create();
    Identity identity =
        fake(
            Identity.class,
            Map.of(
                "byToken",
                args ->
                    CompletableFuture.completedFuture(
                        "good-token".equals(args[0]) ? Optional.of(ADA) : Optional.empty()),
                "bySession",
                args -> CompletableFuture.completedFuture(Optional.empty())));
    CourseOffice courses =
        fake(
            CourseOffice.class,
            Map.of("courses", args -> coursesAnswer.get().apply((String) args[0])));
    ApiContext api =
        ApiServer.context(
            testKit.system(),
            identity,
            courses,
            fake(GradingDesk.class, Map.of()),
            fake(SignInGuard.class, Map.of()));
    binding =
        Http.get(testKit.system())
            .newServerAt("127.0.0.1", 0)
            .bind(new ApiRoutes(api).routes())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void unbind() {
    testKit.shutdownTestKit();
  }

  private static HttpResponse<String> getCourses(String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/api/v1/courses"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode error(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).path("error");
  }

  @Test
  void aPortsAnswerIsTheJsonOfItsRecordsForTheCallerTheTokenNames() throws Exception {
    coursesAnswer.set(
        username ->
            CompletableFuture.completedFuture(
                List.of(
                    new CourseSummary(
                        "cs101", "CS101", "Programming", "Fall", CourseRole.STUDENT))));
    HttpResponse<String> answer = getCourses("Bearer good-token");
    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode course = JSON.readTree(answer.body()).get(0);
    assertEquals("cs101", course.path("id").asText());
    assertEquals("STUDENT", course.path("role").asText());
  }

  @Test
  void noMalformedOrUnknownCredentialsAre401InTheJsonErrorShape() throws Exception {
    for (String authorization : Arrays.asList(null, "Basic YWRhOnB3", "Bearer unknown-token")) {
      HttpResponse<String> answer = getCourses(authorization);
      assertEquals(401, answer.statusCode(), authorization + ": " + answer.body());
      assertEquals("unauthenticated", error(answer).path("code").asText(), answer.body());
      assertFalse(error(answer).path("message").asText().isEmpty());
    }
  }

  @Test
  void aRefusalFromAPortIsAnsweredWithTheStatusOfItsKindItsCodeAndItsRetryAfter() throws Exception {
    Map<Refusal, Integer> refusals =
        Map.of(
            Refusal.tooMany("too_many_queued", "you have 3 submissions waiting", 7),
            429,
            Refusal.unavailable("queue_full", "the queue is full", 30),
            503,
            Refusal.conflict("deadline_passed", "the assignment closed"),
            409,
            Refusal.notFound("course", "cs999"),
            404,
            Refusal.invalid("invalid_title", "title must have 1 to 200 characters")
                .withDetails(List.of(Map.of("field", "title", "message", "too long"))),
            400);
    for (var refusal : refusals.entrySet()) {
      coursesAnswer.set(username -> CompletableFuture.failedFuture(refusal.getKey()));
      HttpResponse<String> answer = getCourses("Bearer good-token");
      Refusal r = refusal.getKey();
      assertEquals(refusal.getValue(), answer.statusCode(), r.code() + ": " + answer.body());
      assertEquals(r.code(), error(answer).path("code").asText());
      assertEquals(r.getMessage(), error(answer).path("message").asText());
      assertEquals(
          r.retryAfterSeconds() > 0
              ? Optional.of(String.valueOf(r.retryAfterSeconds()))
              : Optional.empty(),
          answer.headers().firstValue("Retry-After"),
          r.code());
      assertEquals(r.details().size(), error(answer).path("details").size(), answer.body());
    }
  }

  @Test
  void aFailureThatIsNoRefusalIsA500ThatKeepsItsMessageToTheLog() throws Exception {
    coursesAnswer.set(
        username -> CompletableFuture.failedFuture(new IllegalStateException("jdbc:secret@db")));
    HttpResponse<String> answer = getCourses("Bearer good-token");
    assertEquals(500, answer.statusCode(), answer.body());
    assertEquals("internal", error(answer).path("code").asText());
    assertFalse(answer.body().contains("secret"), answer.body());
  }

  @Test
  void aPortThatDoesNotAnswerInTimeIsA503WithRetryAfter() throws Exception {
    coursesAnswer.set(
        username -> CompletableFuture.failedFuture(new TimeoutException("ask timed out")));
    HttpResponse<String> answer = getCourses("Bearer good-token");
    assertEquals(503, answer.statusCode(), answer.body());
    assertEquals("unavailable", error(answer).path("code").asText());
    assertEquals(Optional.of("5"), answer.headers().firstValue("Retry-After"));
  }

  @Test
  void eachKindOfRefusalHasItsOwnHttpStatus() {
    Map<Refusal.Kind, Integer> statuses = new EnumMap<>(Refusal.Kind.class);
    for (Refusal.Kind kind : Refusal.Kind.values()) {
      statuses.put(kind, ApiRoutes.statusOf(kind));
    }
    assertEquals(
        Map.of(
            Refusal.Kind.INVALID, 400,
            Refusal.Kind.UNAUTHENTICATED, 401,
            Refusal.Kind.FORBIDDEN, 403,
            Refusal.Kind.NOT_FOUND, 404,
            Refusal.Kind.CONFLICT, 409,
            Refusal.Kind.TOO_LARGE, 413,
            Refusal.Kind.UNSUPPORTED_FORM, 415,
            Refusal.Kind.TOO_MANY, 429,
            Refusal.Kind.UNAVAILABLE, 503),
        statuses);
    assertTrue(statuses.values().stream().allMatch(s -> s >= 400 && s < 600));
  }
}
