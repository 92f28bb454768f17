package dev.autograder.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The public HTTP API as a script calls it, for the system tests and the benchmarks: signed in as
 * one account with an API token (taken at the first call), and, for the site admin, in a course of
 * its own whose students it enrols as it submits for them.
 *
 * <p>One {@link HttpClient} serves this client and every {@link #as} of it; a submission is one
 * multipart body built in memory and sent as it is, so that the intake benchmark measures the node,
 * not the client.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The course a script owns: made (or found, on a restart) when the script first signs in. */
  public record Course(String id, String code, String title, String term) {}

  /**
   * An answer as it came: status, body as JSON (a null node unless the body is JSON), the body as
   * text, and the headers by lower-case name.
   */
  public record Answer(int status, JsonNode body, String text, Map<String, List<String>> headers) {
    public String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream()
          .findFirst()
          .orElse("");
    }

    public String retryAfter() {
      return header("Retry-After");
    }

    /** The error's code, as {@code {"error": {"code": ...}}} names it. */
    public String code() {
      return body.path("error").path("code").asText();
    }

    /** This answer, when its status is {@code status}; otherwise an ApiException saying what. */
    public Answer expect(int status, String what) throws ApiException {
      if (this.status != status) {
        throw new ApiException(what, this.status, text);
      }
      return this;
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  private final HttpClient http;
  private final String base;
  private final String username;
  private final String password;
  private final Course course;
  private final boolean ownsCourse;
  private final Duration timeout;
  private final Set<String> enrolled = ConcurrentHashMap.newKeySet();
  private volatile String token;

  private ApiClient(
      HttpClient http,
      String base,
      String username,
      String password,
      Course course,
      boolean ownsCourse,
      Duration timeout) {
    this.http = http;
    this.base = base;
    this.username = username;
    this.password = password;
    this.course = course;
    this.ownsCourse = ownsCourse;
    this.timeout = timeout;
  }

  /**
   * The site admin of the node at {@code base} (e.g. http://127.0.0.1:8080), in {@code course},
   * which it makes at its first sign-in; each request may take {@code timeout}.
   */
  public static ApiClient admin(String base, String password, Course course, Duration timeout) {
    return new ApiClient(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build(),
        base,
        "admin",
        password,
        course,
        true,
        timeout);
  }

  /** The API as another account uses it, with a token of its own, in the same course. */
  public ApiClient as(String user, String userPassword) {
    return new ApiClient(http, base, user, userPassword, course, false, timeout);
  }

  public String course() {
    return course.id();
  }

  public Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  public Answer delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  /** A POST of JSON: {@code json} is sent as it is when a String, else written by Jackson. */
  public Answer postJson(String path, Object json) throws IOException, InterruptedException {
    return send("POST", path, "application/json", bytes(json));
  }

  public Answer put(String path, Object json) throws IOException, InterruptedException {
    return send("PUT", path, "application/json", bytes(json));
  }

  public Answer patch(String path, Object json) throws IOException, InterruptedException {
    return send("PATCH", path, "application/json", bytes(json));
  }

  public Answer postText(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  public Answer send(String method, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A plain-text resource, such as /metrics. */
  public String text(String path) throws IOException, InterruptedException {
    return get(path).text();
  }

  /** A resource as bytes, with the given request headers only (e.g. the cluster's secret). */
  public HttpResponse<byte[]> bytes(String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The API token, taken at the first call (and the course made then, if this client owns it). */
  public String token() throws IOException, InterruptedException {
    if (token == null) {
      signIn();
    }
    return token;
  }

  private synchronized void signIn() throws IOException, InterruptedException {
    if (token != null) {
      return;
    }
    Answer session =
        unsigned(
            "POST",
            "/api/v1/session",
            null,
            bytes(Map.of("username", username, "password", password)));
    session.expect(200, "signing in as " + username);
    String cookie = session.header("Set-Cookie").split(";")[0];
    String csrf = session.body().path("csrfToken").asText();
    if (session.body().path("mustChangePassword").asBoolean()) {
      // A generated password (roster import) must be changed before the account may do anything
      // else.
      unsigned(
              "PUT",
              "/api/v1/me/password",
              Map.of("Cookie", cookie, "X-CSRF-Token", csrf),
              bytes(Map.of("currentPassword", password, "newPassword", password + " chosen")))
          .expect(204, "changing the generated password of " + username);
    }
    token =
        unsigned(
                "POST",
                "/api/v1/tokens",
                Map.of("Cookie", cookie, "X-CSRF-Token", csrf),
                bytes(Map.of("name", "api client")))
            .expect(201, "taking an API token for " + username)
            .body()
            .path("token")
            .asText();
    if (ownsCourse) {
      Answer made = createCourse(course);
      if (made.status() != 409) {
        made.expect(201, "creating the course " + course.id());
      }
    }
  }

  /** A new course: 201, or 409 when one has this id. */
  public Answer createCourse(Course c) throws IOException, InterruptedException {
    return postJson(
        "/api/v1/courses",
        Map.of("id", c.id(), "code", c.code(), "title", c.title(), "term", c.term()));
  }

  /** A new account with this password. */
  public void createAccount(String user, String displayName, String userPassword)
      throws IOException, InterruptedException {
    postJson(
            "/api/v1/accounts",
            Map.of("username", user, "displayName", displayName, "password", userPassword))
        .expect(201, "creating the account " + user);
  }

  /** Gives the account this role (STUDENT, TA, INSTRUCTOR) in a course. */
  public void enrol(String courseId, String user, String role)
      throws IOException, InterruptedException {
    put("/api/v1/courses/" + courseId + "/roster/" + user, Map.of("role", role))
        .expect(200, "enrolling " + user + " in " + courseId);
  }

  /**
   * Enrols the students in this client's course with one roster import (the accounts are made
   * then), so that submitting for them later measures the submission alone.
   */
  public void enrol(Collection<String> students) throws IOException, InterruptedException {
    StringBuilder csv = new StringBuilder("username,display_name,role\n");
    List<String> fresh = students.stream().distinct().filter(s -> !enrolled.contains(s)).toList();
    if (fresh.isEmpty()) {
      return;
    }
    fresh.forEach(s -> csv.append(s).append(',').append(s).append(",student\n"));
    postText("/api/v1/courses/" + course.id() + "/roster/import", "text/csv", csv.toString())
        .expect(200, "enrolling " + fresh.size() + " students in " + course.id());
    enrolled.addAll(fresh);
  }

  /**
   * Creates an assignment in this client's course from its JSON; it is published and due in a year
   * unless the JSON says otherwise.
   */
  public Answer createAssignment(String json) throws IOException, InterruptedException {
    ObjectNode assignment = (ObjectNode) JSON.readTree(json);
    if (!assignment.has("dueAt")) {
      assignment.put("dueAt", Instant.now().plus(Duration.ofDays(365)).toString());
    }
    if (!assignment.has("published")) {
      assignment.put("published", true);
    }
    return postJson("/api/v1/courses/" + course.id() + "/assignments", assignment.toString());
  }

  /**
   * A multipart submission for the student (enrolled first): the student field and one part per
   * file; 202 with the submission's id when accepted.
   */
  public Answer submit(String assignmentId, String student, Map<String, String> files)
      throws IOException, InterruptedException {
    if (!enrolled.contains(student)) {
      enrol(List.of(student));
    }
    return submission(assignmentId, new Multipart().field("student", student), files);
  }

  /** A multipart submission of this account's own: one part per file. */
  public Answer submitOwn(String assignmentId, Map<String, String> files)
      throws IOException, InterruptedException {
    return submission(assignmentId, new Multipart(), files);
  }

  private Answer submission(String assignmentId, Multipart form, Map<String, String> files)
      throws IOException, InterruptedException {
    for (var f : files.entrySet()) {
      form.file(
          "files",
          f.getKey(),
          "application/octet-stream",
          f.getValue().getBytes(StandardCharsets.UTF_8));
    }
    return send(
        "POST",
        "/api/v1/assignments/" + assignmentId + "/submissions",
        form.contentType(),
        form.bytes());
  }

  /**
   * Creates an assignment in this client's course from an archive: the format fields, the settings
   * as JSON in "assignment" (published, due in a year) and the zip as "package".
   */
  public Answer upload(Map<String, String> fields, byte[] archive, String id, String title)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.put(
        "assignment",
        JSON.writeValueAsString(
            Map.of(
                "id",
                id,
                "title",
                title,
                "published",
                true,
                "dueAt",
                Instant.now().plus(Duration.ofDays(365)).toString())));
    return uploadPackage(course.id(), form, archive);
  }

  /**
   * Creates an assignment in a course from a multipart form of fields and the archive as "package";
   * once created, waits for its setup check.
   */
  public Answer uploadPackage(String courseId, Map<String, String> form, byte[] archive)
      throws IOException, InterruptedException {
    Multipart body = new Multipart();
    form.forEach(body::field);
    body.file("package", "p.zip", "application/zip", archive);
    Answer created =
        send(
            "POST",
            "/api/v1/courses/" + courseId + "/assignments",
            body.contentType(),
            body.bytes());
    if (created.status() == 201) {
      awaitSetupChecked(created.body().path("id").asText(), Duration.ofMinutes(5));
    }
    return created;
  }

  /** The submission as GET /api/v1/submissions/{id} answers it. */
  public JsonNode submission(String id) throws IOException, InterruptedException {
    return get("/api/v1/submissions/" + id).expect(200, "reading submission " + id).body();
  }

  /**
   * Opens the submission's status stream; each line of it goes to {@code lines} as it comes. The
   * answer completes when the stream ends.
   */
  public CompletableFuture<HttpResponse<Void>> events(
      String submissionId, Flow.Subscriber<String> lines) throws IOException, InterruptedException {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/submissions/" + submissionId + "/events"))
            .header("Authorization", "Bearer " + token())
            .GET()
            .build(),
        HttpResponse.BodyHandlers.fromLineSubscriber(lines));
  }

  /**
   * Polls until the assignment's setup check has ended (students may submit only after it) and
   * answers the assignment then.
   */
  public JsonNode awaitSetupChecked(String assignmentId, Duration timeout)
      throws IOException, InterruptedException {
    return poll(
        "/api/v1/assignments/" + assignmentId,
        a -> !"PENDING".equals(a.path("setup").path("status").asText()),
        Duration.ofMillis(200),
        timeout,
        "assignment " + assignmentId + "'s setup check");
  }

  /** Polls every 100 ms until the submission is graded. */
  public JsonNode awaitGraded(String submissionId, Duration timeout)
      throws IOException, InterruptedException {
    return awaitGraded(submissionId, Duration.ofMillis(100), timeout);
  }

  /** Polls every {@code every} until the submission is graded. */
  public JsonNode awaitGraded(String submissionId, Duration every, Duration timeout)
      throws IOException, InterruptedException {
    return poll(
        "/api/v1/submissions/" + submissionId,
        s -> "GRADED".equals(s.path("status").asText()),
        every,
        timeout,
        "grading submission " + submissionId);
  }

  private JsonNode poll(
      String path, Predicate<JsonNode> done, Duration every, Duration timeout, String what)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Answer a = get(path);
      if (a.status() == 200 && done.test(a.body())) {
        return a.body();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ApiException(
            what + " not done within " + timeout + ": GET " + path, a.status(), a.text());
      }
      Thread.sleep(every.toMillis());
    }
  }

  /**
   * Waits until the API answers at all (with any status); fails at once when the node stops ({@code
   * alive} turns false).
   */
  public void awaitUp(Duration timeout, BooleanSupplier alive)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        unsigned("GET", "/alive", null, null);
        return;
      } catch (IOException notListeningYet) {
        if (!alive.getAsBoolean()) {
          throw new ApiException("the node at " + base + " stopped while starting; /alive", 0, "");
        }
        Thread.sleep(250);
      }
    }
    throw new ApiException("the API at " + base + " within " + timeout + ": /alive", 0, "");
  }

  /**
   * Polls GET /api/v1/queues, the nodes' health check, until it answers 200 with a first flavour
   * that satisfies the caller; fails when the node stops ({@code alive} turns false) or time runs
   * out.
   */
  public JsonNode awaitQueues(
      Duration timeout, Predicate<JsonNode> firstFlavour, BooleanSupplier alive)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Answer last = null;
    String failure = "";
    while (Instant.now().isBefore(deadline)) {
      if (!alive.getAsBoolean()) {
        throw lastOf("the node stopped; GET /api/v1/queues", last, failure);
      }
      try {
        last = get("/api/v1/queues");
        if (last.status() == 200 && firstFlavour.test(last.body().path("flavours").path(0))) {
          return last.body();
        }
      } catch (ApiException signInRefused) {
        throw signInRefused;
      } catch (IOException notListeningYet) {
        failure = notListeningYet.toString();
      }
      Thread.sleep(250);
    }
    throw lastOf("GET /api/v1/queues as expected within " + timeout, last, failure);
  }

  private static ApiException lastOf(String what, Answer last, String failure) {
    return last == null
        ? new ApiException(what + " (" + failure + ")", 0, "")
        : new ApiException(what, last.status(), last.text());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return answer(request.header("Authorization", "Bearer " + token()));
  }

  /** A request without the token (signing in), with the given headers and body (null: none). */
  private Answer unsigned(String method, String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers != null) {
      headers.forEach(request::header);
    }
    return answer(request);
  }

  private Answer answer(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    String type = r.headers().firstValue("Content-Type").orElse("");
    JsonNode body =
        type.startsWith("application/json") && !r.body().isEmpty()
            ? JSON.readTree(r.body())
            : JSON.nullNode();
    return new Answer(r.statusCode(), body, r.body(), r.headers().map());
  }

  private static byte[] bytes(Object json) throws IOException {
    return json instanceof String s
        ? s.getBytes(StandardCharsets.UTF_8)
        : JSON.writeValueAsBytes(json);
  }
}
