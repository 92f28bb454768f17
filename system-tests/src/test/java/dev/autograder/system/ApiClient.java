package dev.autograder.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The public HTTP API, as a script uses it: signed in as the site admin with an API token, in a
 * course of its own whose students it enrols as it submits for them.
 */
final class ApiClient {
  static final String COURSE = "system-tests";
  private static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, JsonNode body, String retryAfter) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String username;
  private final String password;
  private final Set<String> enrolled = ConcurrentHashMap.newKeySet();
  private volatile String token;

  ApiClient(String base) {
    this(base, "admin", NodeProcess.ADMIN_PASSWORD);
  }

  private ApiClient(String base, String username, String password) {
    this.base = base;
    this.username = username;
    this.password = password;
  }

  /** The API as another account uses it, with a token of its own. */
  ApiClient as(String user, String userPassword) {
    return new ApiClient(base, user, userPassword);
  }

  Answer put(String path, String json) throws IOException, InterruptedException {
    token();
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Answer patch(String path, String json) throws IOException, InterruptedException {
    token();
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  Answer postText(String path, String contentType, String body)
      throws IOException, InterruptedException {
    token();
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer get(String path) throws IOException, InterruptedException {
    token();
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** Signs in as the site admin, takes an API token and makes sure the tests' course exists. */
  private synchronized String token() throws IOException, InterruptedException {
    if (token == null) {
      HttpResponse<String> session =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(
                              Map.of("username", username, "password", password))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (session.statusCode() != 200) {
        throw new AssertionError(
            "could not sign in as "
                + username
                + ": "
                + session.statusCode()
                + " "
                + session.body());
      }
      String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      String csrf = JSON.readTree(session.body()).path("csrfToken").asText();
      if (JSON.readTree(session.body()).path("mustChangePassword").asBoolean()) {
        // A generated password (roster import) must be changed before the account may do anything
        // else.
        HttpResponse<String> changed =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/me/password"))
                    .header("Content-Type", "application/json")
                    .header("Cookie", cookie)
                    .header("X-CSRF-Token", csrf)
                    .timeout(Duration.ofSeconds(30))
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(
                                Map.of(
                                    "currentPassword",
                                    password,
                                    "newPassword",
                                    password + " chosen"))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (changed.statusCode() != 204) {
          throw new AssertionError(
              "could not change the generated password of "
                  + username
                  + ": "
                  + changed.statusCode()
                  + " "
                  + changed.body());
        }
      }
      HttpResponse<String> issued =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                  .header("Content-Type", "application/json")
                  .header("Cookie", cookie)
                  .header("X-CSRF-Token", csrf)
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"system tests\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      token = JSON.readTree(issued.body()).path("token").asText();
      if (!username.equals("admin")) {
        return token;
      }
      Answer course =
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/courses"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"id\": \""
                              + COURSE
                              + "\", \"code\": \"ST\", \"title\": \"System tests\", \"term\": \"always\"}")));
      if (course.status() != 201 && course.status() != 409) {
        throw new AssertionError("could not create the tests' course: " + course);
      }
    }
    return token;
  }

  /**
   * Creates an assignment in the tests' course from the JSON of one; it is published and due in a
   * year unless the JSON says otherwise.
   */
  Answer createAssignment(String json) throws IOException, InterruptedException {
    ObjectNode assignment = (ObjectNode) JSON.readTree(json);
    if (!assignment.has("dueAt")) {
      assignment.put("dueAt", Instant.now().plus(Duration.ofDays(365)).toString());
    }
    if (!assignment.has("published")) {
      assignment.put("published", true);
    }
    token();
    return postJson("/api/v1/courses/" + COURSE + "/assignments", assignment.toString());
  }

  /** Enrols the student in the tests' course once (roster import creates the account). */
  private void enrol(String student) throws IOException, InterruptedException {
    if (enrolled.contains(student)) {
      return;
    }
    Answer imported =
        send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/courses/" + COURSE + "/roster/import"))
                .header("Content-Type", "text/csv")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username,display_name,role\n" + student + "," + student + ",student\n")));
    if (imported.status() != 200) {
      throw new AssertionError("could not enrol " + student + ": " + imported);
    }
    enrolled.add(student);
  }

  /** A plain-text resource, such as /metrics. */
  String text(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A resource as bytes, with the given request headers (e.g. the cluster's secret). */
  HttpResponse<byte[]> bytes(String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  Answer postJson(String path, String json) throws IOException, InterruptedException {
    token();
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * A multipart submission for the student (enrolled first): the student field and one part per
   * file.
   */
  Answer submit(String assignmentId, String student, Map<String, String> files)
      throws IOException, InterruptedException {
    token();
    enrol(student);
    return submission(assignmentId, Map.of("student", student), files);
  }

  /** A multipart submission of this account's own: one part per file. */
  Answer submitOwn(String assignmentId, Map<String, String> files)
      throws IOException, InterruptedException {
    token();
    return submission(assignmentId, Map.of(), files);
  }

  private Answer submission(
      String assignmentId, Map<String, String> fields, Map<String, String> files)
      throws IOException, InterruptedException {
    String boundary = "----autograder" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var f : fields.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    for (var f : files.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                  + f.getKey()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(f.getValue().getBytes(StandardCharsets.UTF_8));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(
                URI.create(base + "/api/v1/assignments/" + assignmentId + "/submissions"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /**
   * Creates an assignment in the tests' course from an archive: a multipart form with the format
   * fields, the settings as JSON in "assignment" (published, due in a year) and the zip as
   * "package".
   */
  Answer upload(Map<String, String> fields, byte[] archive, String id, String title)
      throws IOException, InterruptedException {
    token();
    Map<String, String> form = new java.util.LinkedHashMap<>(fields);
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
    return uploadPackage(COURSE, form, archive);
  }

  /**
   * Creates an assignment in a course from a multipart form of fields and the archive as "package".
   */
  Answer uploadPackage(String course, Map<String, String> form, byte[] archive)
      throws IOException, InterruptedException {
    token();
    String boundary = "----autograder" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var f : form.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"package\"; filename=\"p.zip\""
                + "\r\nContent-Type: application/zip\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(archive);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    Answer created =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/courses/" + course + "/assignments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    if (created.status() == 201) {
      awaitSetupChecked(created.body().path("id").asText(), Duration.ofMinutes(5));
    }
    return created;
  }

  /**
   * Polls until the assignment's setup check has ended (students may submit only after it) and
   * answers the assignment then; fails after the timeout.
   */
  JsonNode awaitSetupChecked(String assignmentId, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Answer a = get("/api/v1/assignments/" + assignmentId);
      if (a.status() == 200 && !"PENDING".equals(a.body().path("setup").path("status").asText())) {
        return a.body();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "assignment "
                + assignmentId
                + " still pending its setup check after "
                + timeout
                + ": "
                + a.body());
      }
      Thread.sleep(200);
    }
  }

  /** Polls until the submission is graded; fails after the timeout. */
  JsonNode awaitGraded(String submissionId, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Answer a = get("/api/v1/submissions/" + submissionId);
      if (a.status() == 200 && "GRADED".equals(a.body().path("status").asText())) {
        return a.body();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "submission " + submissionId + " not graded within " + timeout + ": " + a.body());
      }
      Thread.sleep(100);
    }
  }

  /** Waits until the API answers at all (with any status). */
  void awaitUp(Duration timeout, NodeProcess node) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        send(HttpRequest.newBuilder(URI.create(base + "/alive")).GET());
        return;
      } catch (IOException e) {
        if (!node.isAlive()) {
          throw new AssertionError(node + " stopped while starting");
        }
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the API of " + node + " did not answer within " + timeout);
  }

  /**
   * Polls GET /api/v1/queues, the nodes' health check, until it answers 200 with a first flavour
   * that satisfies the test; fails when the node stops ({@code alive} turns false) or time runs
   * out.
   */
  JsonNode awaitQueues(Duration timeout, Predicate<JsonNode> firstFlavour, BooleanSupplier alive)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (!alive.getAsBoolean()) {
        throw new AssertionError("the node stopped; its last answer: " + last);
      }
      try {
        Answer a = get("/api/v1/queues");
        last = a.status() + " " + a.body();
        if (a.status() == 200 && firstFlavour.test(a.body().path("flavours").path(0))) {
          return a.body();
        }
      } catch (IOException notListeningYet) {
        last = notListeningYet.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "GET /api/v1/queues did not answer as expected within " + timeout + ": " + last);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    return new Answer(r.statusCode(), body, r.headers().firstValue("Retry-After").orElse(""));
  }
}
