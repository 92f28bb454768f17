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
 * The public HTTP API as the benchmarks use it. Every submission goes through {@link #submit}:
 * when the API asks for a bearer token or a course, that method is the one to change.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, JsonNode body) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ApiClient(String base) {
    this.base = base;
  }

  /** A multipart submission of one student's files; 202 with the submission's id when accepted. */
  Answer submit(String assignmentId, String student, Map<String, String> files)
      throws IOException, InterruptedException {
    String boundary = "----autograder-bench" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"student\"\r\n\r\n" + student
        + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (var f : files.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
          + f.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + f.getValue() + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments/" + assignmentId + "/submissions"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** An IO-test assignment: {@code spec} is the JSON of the spec. */
  void createAssignment(String id, String title, String spec) throws IOException, InterruptedException {
    Answer a = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"spec\": " + spec + "}")));
    if (a.status() != 201) {
      throw new IOException("creating assignment " + id + " answered " + a.status() + ": " + a.body());
    }
  }

  JsonNode submission(String id) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/submissions/" + id)).GET()).body();
  }

  /** Polls every {@code every} until the submission is graded. */
  JsonNode awaitGraded(String id, Duration every, Duration timeout) throws IOException, InterruptedException {
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
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/queues")).GET());
        return;
      } catch (IOException e) {
        if (!alive.getAsBoolean()) {
          throw new IOException("the scheduler node stopped while starting (see bench/target/logs)");
        }
        Thread.sleep(250);
      }
    }
    throw new IOException("the API at " + base + " did not answer within " + timeout);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
  }
}
