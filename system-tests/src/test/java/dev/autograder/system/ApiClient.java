package dev.autograder.system;

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

/** The public HTTP API, as a script or a browser uses it. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, JsonNode body, String retryAfter) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ApiClient(String base) {
    this.base = base;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** A plain-text resource, such as /metrics. */
  String text(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** A resource as bytes, with the given request headers (e.g. the cluster's secret). */
  HttpResponse<byte[]> bytes(String path, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  Answer postJson(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A multipart submission: the student field and one part per file. */
  Answer submit(String assignmentId, String student, Map<String, String> files) throws IOException, InterruptedException {
    String boundary = "----autograder" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"student\"\r\n\r\n" + student + "\r\n")
        .getBytes(StandardCharsets.UTF_8));
    for (var f : files.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + f.getKey()
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(f.getValue().getBytes(StandardCharsets.UTF_8));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments/" + assignmentId + "/submissions"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** Creates an assignment from an archive: a multipart form with fields and the zip as "package". */
  Answer upload(Map<String, String> fields, byte[] archive) throws IOException, InterruptedException {
    String boundary = "----autograder" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var f : fields.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
          + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"package\"; filename=\"p.zip\""
        + "\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(archive);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** Polls until the submission is graded; fails after the timeout. */
  JsonNode awaitGraded(String submissionId, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Answer a = get("/api/v1/submissions/" + submissionId);
      if (a.status() == 200 && "GRADED".equals(a.body().path("status").asText())) {
        return a.body();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("submission " + submissionId + " not graded within " + timeout + ": " + a.body());
      }
      Thread.sleep(100);
    }
  }

  /** Waits until the API answers at all (with any status). */
  void awaitUp(Duration timeout, NodeProcess node) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        get("/api/v1/assignments/none");
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

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    return new Answer(r.statusCode(), body, r.headers().firstValue("Retry-After").orElse(""));
  }
}
