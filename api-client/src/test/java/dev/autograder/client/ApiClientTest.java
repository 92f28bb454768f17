package dev.autograder.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in server of the JDK's that answers as the node does and records. */
class ApiClientTest {
  private static final ApiClient.Course COURSE = new ApiClient.Course("c", "C", "Course", "-");

  /** One request as the server saw it: method, path, Authorization and body. */
  record Seen(String method, String path, String authorization, String body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private volatile int sessionStatus = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange e) throws IOException {
    String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = e.getRequestURI().getPath();
    seen.add(
        new Seen(
            e.getRequestMethod(), path, e.getRequestHeaders().getFirst("Authorization"), body));
    int status = 200;
    String json = "{}";
    if (path.equals("/api/v1/session")) {
      status = sessionStatus;
      json =
          status == 200
              ? "{\"csrfToken\": \"csrf\"}"
              : "{\"error\": {\"code\": \"bad-credentials\"}}";
      e.getResponseHeaders().add("Set-Cookie", "autograder_session=s; HttpOnly");
    } else if (path.equals("/api/v1/tokens")) {
      status = 201;
      json = "{\"token\": \"tok\"}";
    } else if (path.equals("/api/v1/courses")) {
      status = 201;
    } else if (path.endsWith("/submissions")) {
      status = 202;
      json = "{\"id\": \"sub-" + seen.size() + "\"}";
    }
    byte[] out = json.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().add("Content-Type", "application/json");
    e.sendResponseHeaders(status, out.length);
    e.getResponseBody().write(out);
    e.close();
  }

  private ApiClient client() {
    return ApiClient.admin(
        "http://127.0.0.1:" + server.getAddress().getPort(),
        "secret",
        COURSE,
        Duration.ofSeconds(10));
  }

  private long count(String method, String path) {
    return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).count();
  }

  @Test
  void aScriptSignsInOnceMakesItsCourseAndEnrolsAStudentOnceForManySubmissions() throws Exception {
    ApiClient api = client();
    ApiClient.Answer first = api.submit("hello", "stu", Map.of("main.py", "print(1)\n"));
    ApiClient.Answer second = api.submit("hello", "stu", Map.of("main.py", "print(2)\n"));

    assertEquals(202, first.status(), first.toString());
    assertEquals(202, second.status(), second.toString());
    assertEquals(1, count("POST", "/api/v1/tokens"), seen.toString());
    assertEquals(1, count("POST", "/api/v1/courses"), seen.toString());
    assertEquals(1, count("POST", "/api/v1/courses/c/roster/import"), seen.toString());
    List<Seen> submitted =
        seen.stream()
            .filter(s -> s.path().equals("/api/v1/assignments/hello/submissions"))
            .toList();
    assertEquals(2, submitted.size(), seen.toString());
    Seen one = submitted.get(0);
    assertEquals("Bearer tok", one.authorization());
    assertTrue(
        one.body().contains("name=\"student\"\r\n\r\nstu\r\n")
            && one.body().contains("name=\"files\"; filename=\"main.py\"")
            && one.body().contains("print(1)\n\r\n")
            && one.body().stripTrailing().endsWith("--"),
        "the multipart body: " + one.body());
  }

  @Test
  void aRefusedSignInIsAnApiExceptionCarryingStatusAndBody() {
    sessionStatus = 401;
    ApiException refused = assertThrows(ApiException.class, () -> client().get("/api/v1/me"));
    assertEquals(401, refused.status());
    assertTrue(refused.body().contains("bad-credentials"), refused.body());
    assertTrue(
        refused.getMessage().startsWith("signing in as admin answered 401"), refused.getMessage());
  }
}
