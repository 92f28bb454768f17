package dev.autograder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The public HTTP API as the benchmarks use it, as a script does: signed in as the site admin with
 * an API token, in a course of its own, submitting for its students (staff may).
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COURSE = "bench";

  record Answer(int status, JsonNode body) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final java.util.Set<String> enrolled = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile String token;

  ApiClient(String base) {
    this.base = base;
  }

  /** Signs in once, takes an API token and makes the bench's course. */
  private synchronized void signIn() throws IOException, InterruptedException {
    if (token != null) {
      return;
    }
    token = issueToken("admin", LocalCluster.ADMIN_PASSWORD);
    Answer course =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/courses"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\": \""
                            + COURSE
                            + "\", \"code\": \"BENCH\", \"title\": \"Benchmarks\", \"term\": \"-\"}")));
    if (course.status() != 201) {
      throw new IOException(
          "creating the bench's course answered " + course.status() + ": " + course.body());
    }
  }

  /** Signs in as this user and takes an API token. */
  private String issueToken(String username, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> session =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of("username", username, "password", password))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (session.statusCode() != 200) {
      throw new IOException(
          "signing in as "
              + username
              + " answered "
              + session.statusCode()
              + ": "
              + session.body());
    }
    HttpResponse<String> issued =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Content-Type", "application/json")
                .header(
                    "Cookie",
                    session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0])
                .header("X-CSRF-Token", JSON.readTree(session.body()).path("csrfToken").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(issued.body()).path("token").asText();
  }

  /**
   * A new account, a TA of the bench's course, and a client that acts as them (with a token of
   * their own): for what is counted per user.
   */
  ApiClient teachingAssistant(String username) throws IOException, InterruptedException {
    signIn();
    String password = "bench-" + UUID.randomUUID();
    Answer created =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "username",
                                username,
                                "displayName",
                                username,
                                "password",
                                password)))));
    if (created.status() != 201) {
      throw new IOException(
          "creating account " + username + " answered " + created.status() + ": " + created.body());
    }
    Answer enrolledAsTa =
        send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/courses/" + COURSE + "/roster/" + username))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\": \"TA\"}")));
    if (enrolledAsTa.status() != 200) {
      throw new IOException(
          "enrolling "
              + username
              + " answered "
              + enrolledAsTa.status()
              + ": "
              + enrolledAsTa.body());
    }
    ApiClient ta = new ApiClient(base);
    ta.token = issueToken(username, password);
    return ta;
  }

  /**
   * Opens the submission's status stream; each line of it goes to {@code lines} as it comes. The
   * answer completes when the stream ends.
   */
  java.util.concurrent.CompletableFuture<HttpResponse<Void>> events(
      String submissionId, java.util.concurrent.Flow.Subscriber<String> lines) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/submissions/" + submissionId + "/events"))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.fromLineSubscriber(lines));
  }

  /**
   * Enrols the students with one roster import (accounts made at once), so that submitting for them
   * measures the submission alone.
   */
  void enrol(java.util.Collection<String> students) throws IOException, InterruptedException {
    signIn();
    StringBuilder csv = new StringBuilder("username,display_name,role\n");
    students.stream()
        .filter(enrolled::add)
        .forEach(s -> csv.append(s).append(',').append(s).append(",student\n"));
    if (csv.indexOf("\n") == csv.length() - 1) {
      return;
    }
    Answer imported =
        send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/courses/" + COURSE + "/roster/import"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())));
    if (imported.status() != 200) {
      throw new IOException("enrolling answered " + imported.status() + ": " + imported.body());
    }
  }

  /** A multipart submission of one student's files; 202 with the submission's id when accepted. */
  Answer submit(String assignmentId, String student, Map<String, String> files)
      throws IOException, InterruptedException {
    if (!enrolled.contains(student)) {
      enrol(java.util.List.of(student));
    }
    String boundary = "----autograder-bench" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"student\"\r\n\r\n"
                + student
                + "\r\n")
            .getBytes(StandardCharsets.UTF_8));
    for (var f : files.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                  + f.getKey()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(
                URI.create(base + "/api/v1/assignments/" + assignmentId + "/submissions"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** An IO-test assignment: {@code spec} is the JSON of the spec. */
  void createAssignment(String id, String title, String spec)
      throws IOException, InterruptedException {
    signIn();
    String due = Instant.now().plus(Duration.ofDays(30)).toString();
    Answer a =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/courses/" + COURSE + "/assignments"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\": \""
                            + id
                            + "\", \"title\": \""
                            + title
                            + "\", \"published\": true, \"dueAt\": \""
                            + due
                            + "\", \"spec\": "
                            + spec
                            + "}")));
    if (a.status() != 201) {
      throw new IOException(
          "creating assignment " + id + " answered " + a.status() + ": " + a.body());
    }
  }

  JsonNode submission(String id) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/submissions/" + id)).GET())
        .body();
  }

  /** Polls every {@code every} until the submission is graded. */
  JsonNode awaitGraded(String id, Duration every, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JsonNode s = submission(id);
      if ("GRADED".equals(s.path("status").asText())) {
        return s;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("submission " + id + " not graded within " + timeout + ": " + s);
      }
      Thread.sleep(every.toMillis());
    }
  }

  /** Waits until the API answers at all. */
  void awaitUp(Duration timeout, BooleanSupplier alive) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        send(HttpRequest.newBuilder(URI.create(base + "/alive")).GET());
        return;
      } catch (IOException e) {
        if (!alive.getAsBoolean()) {
          throw new IOException(
              "the scheduler node stopped while starting (see bench/target/logs)");
        }
        Thread.sleep(250);
      }
    }
    throw new IOException("the API at " + base + " did not answer within " + timeout);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
  }
}
