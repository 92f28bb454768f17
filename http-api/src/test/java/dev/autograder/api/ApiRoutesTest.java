package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.ClusterSecret;
import dev.autograder.ContentHash;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.typesafe.config.ConfigFactory;

/**
 * The HTTP contract over a desk that records what reaches it: every malformed, oversized or
 * hostile request gets a 4xx in the one JSON error shape, and none of it reaches the desk.
 */
class ApiRoutesTest {
  private static final String SECRET = "test-secret";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ActorTestKit testKit;
  private static ServerBinding binding;
  private static RecordingDesk desk;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local")
        .withFallback(ConfigFactory.parseResources("autograder-http.conf")).withFallback(ConfigFactory.load()));
    desk = new RecordingDesk();
    var json = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-json", Optional.empty());
    var routes = new ApiRoutes(desk, json, new ApiRoutes.Settings(4, 4096, 1 << 20, SECRET)).routes();
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(routes).toCompletableFuture().get();
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    binding.unbind();
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void anAssignmentExists() throws Exception {
    desk.assignments.clear();
    desk.submissions.clear();
    assertEquals(201, postJson(VALID).statusCode());
  }

  private static final String VALID = """
      {"id": "hello", "title": "Hello", "spec": {"language": "PYTHON", "tests": [
        {"name": "t1", "stdin": "", "expectedStdout": "hi\\n", "points": 1}]}}
      """;

  private HttpResponse<String> postJson(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> submit(String assignment, Map<String, String> fields, List<String[]> files) throws Exception {
    String boundary = "b0undary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    fields.forEach((k, v) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
        + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
    for (String[] f : files) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + f[0]
          + "\"\r\n\r\n" + f[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments/" + assignment + "/submissions"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertEquals(code, error.path("code").asText(), r.body());
    assertTrue(error.path("message").asText().length() > 5, r.body());
  }

  @Test
  void aValidAssignmentIsCreatedAndCanBeRead() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    JsonNode body = JSON.readTree(r.body());
    assertEquals("Hello", body.path("title").asText());
    assertEquals("default", body.path("flavour").asText(), "the flavour defaults to default");
    assertEquals("EXACT", body.path("spec").path("tests").get(0).path("comparison").asText());
  }

  @Test
  void malformedAssignmentsAreRefusedAndNotStored() throws Exception {
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("", "invalid_json");
    bad.put("{bad", "invalid_json");
    bad.put("[1, 2]", "invalid_json");
    bad.put("null", "invalid_json");
    bad.put("{\"title\": \"x\"}", "invalid_spec");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"COBOL\", \"tests\": []}}", "invalid_json");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"C\", \"tests\": []}}", "invalid_spec");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"C\"}}", "invalid_json");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\"}]}}", "invalid_json");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\", \"points\": -1}]}}", "invalid_spec");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\", \"points\": \"many\"}]}}", "invalid_json");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\", \"timeLimitMillis\": -5}]}}", "invalid_spec");
    bad.put("{\"title\": \"x\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \" \", \"expectedStdout\": \"\"}]}}", "invalid_spec");
    bad.put("{\"title\": \"x\", \"speck\": {}}", "invalid_json");
    bad.put("{\"id\": \"../etc\", \"title\": \"x\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\"}]}}", "invalid_id");
    bad.put("{\"title\": \"" + "x".repeat(201) + "\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\"}]}}", "invalid_title");
    bad.put("{\"title\": \"\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\"}]}}", "invalid_title");
    for (var b : bad.entrySet()) {
      assertError(postJson(b.getKey()), 400, b.getValue());
    }
    assertEquals(1, desk.assignments.size(), "only the valid assignment was stored");
  }

  @Test
  void aBodyOverTheLimitIsTooLarge() throws Exception {
    String huge = "{\"title\": \"" + "x".repeat(17 * 1024 * 1024) + "\"}";
    assertError(postJson(huge), 413, "too_large");
    assertEquals(1, desk.assignments.size());
  }

  @Test
  void anAssignmentIdCannotBeTakenTwice() throws Exception {
    assertError(postJson(VALID), 409, "assignment_exists");
  }

  @Test
  void aValidSubmissionIsAcceptedAtOnce() throws Exception {
    var r = submit("hello", Map.of("student", "ada"), List.<String[]>of(new String[] {"main.py", "print('hi')"}));
    assertEquals(202, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    assertEquals("QUEUED", body.path("status").asText());
    assertEquals("/api/v1/submissions/" + body.path("id").asText(), r.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void badSubmissionsAreRefusedAndNotStored() throws Exception {
    String[] ok = {"main.py", "print('hi')"};
    assertError(submit("hello", Map.of(), List.<String[]>of(ok)), 400, "invalid_student");
    assertError(submit("hello", Map.of("student", "a b"), List.<String[]>of(ok)), 400, "invalid_student");
    assertError(submit("hello", Map.of("student", "ada"), List.of()), 400, "invalid_submission");
    for (String path : List.of("../main.py", "/etc/passwd", ".bashrc", "a/../../b.py", "dir//x.py", "x:y.py", "x;y.py",
        ".grading/stdin", "a b.py")) {
      assertError(submit("hello", Map.of("student", "ada"), List.<String[]>of(new String[] {path, "x"})), 400, "invalid_submission");
    }
    assertError(submit("hello", Map.of("student", "ada"), List.<String[]>of(ok, ok)), 400, "invalid_submission");
    List<String[]> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(new String[] {"f" + i + ".py", "x"});
    }
    assertError(submit("hello", Map.of("student", "ada"), five), 400, "invalid_submission");
    assertError(submit("hello", Map.of("student", "ada"), List.<String[]>of(new String[] {"big.py", "x".repeat(5000)})),
        400, "invalid_submission");
    assertError(submit("hello", Map.of("student", "ada"), List.<String[]>of(new String[] {"big.py", "x".repeat(400_000)})),
        413, "too_large");
    assertError(submit("nope", Map.of("student", "ada"), List.<String[]>of(ok)), 404, "not_found");
    assertEquals(0, desk.submissions.size(), "nothing was stored");
  }

  @Test
  void aFullQueueIsA503WithRetryAfterAndNothingIsStored() throws Exception {
    desk.queueFull = true;
    try {
      var r = submit("hello", Map.of("student", "ada"), List.<String[]>of(new String[] {"main.py", "print(1)"}));
      assertError(r, 503, "queue_full");
      assertEquals("7", r.headers().firstValue("Retry-After").orElse(""), "Retry-After says when to come back");
      assertEquals(0, desk.submissions.size());
    } finally {
      desk.queueFull = false;
    }
  }

  @Test
  void theQueuesAreListed() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/queues")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals("default", JSON.readTree(r.body()).path("flavours").get(0).path("flavour").asText());
  }

  @Test
  void metricsAreInThePrometheusTextFormat() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
    assertTrue(r.body().contains("# TYPE autograder_runner_nodes gauge\nautograder_runner_nodes{flavour=\"default\"} 0.0\n"),
        r.body());
    assertTrue(r.body().contains("autograder_queue_capacity_jobs{flavour=\"default\"} 100.0"), r.body());
  }

  @Test
  void aSubmissionMustBeMultipart() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments/hello/submissions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertError(r, 415, "unsupported_media_type");
    assertEquals(0, desk.submissions.size());
  }

  @Test
  void unknownPathsAndMethodsAnswerInTheErrorShape() throws Exception {
    assertError(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/nothing")).build(),
        HttpResponse.BodyHandlers.ofString()), 404, "not_found");
    assertError(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments/none")).build(),
        HttpResponse.BodyHandlers.ofString()), 404, "not_found");
    assertError(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString()), 405, "method_not_allowed");
  }

  @Test
  void blobsAreOnlyForTheClustersNodes() throws Exception {
    byte[] content = "archive".getBytes(StandardCharsets.UTF_8);
    String hash = ContentHash.sha256(content);
    desk.blobs.put(hash, content);
    URI uri = URI.create(base + "/internal/blobs/" + hash);
    assertError(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()), 403, "forbidden");
    assertError(http.send(HttpRequest.newBuilder(uri).header(ClusterSecret.HEADER, "guess").build(),
        HttpResponse.BodyHandlers.ofString()), 403, "forbidden");
    var ok = http.send(HttpRequest.newBuilder(uri).header(ClusterSecret.HEADER, SECRET).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, ok.statusCode());
    assertArrayEquals(content, ok.body());
    assertError(http.send(HttpRequest.newBuilder(URI.create(base + "/internal/blobs/not-a-hash"))
        .header(ClusterSecret.HEADER, SECRET).build(), HttpResponse.BodyHandlers.ofString()), 400, "invalid_hash");
    assertError(http.send(HttpRequest.newBuilder(URI.create(base + "/internal/blobs/" + "a".repeat(64)))
        .header(ClusterSecret.HEADER, SECRET).build(), HttpResponse.BodyHandlers.ofString()), 404, "not_found");
  }

  private static byte[] zip(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(out)) {
      for (var f : files.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private HttpResponse<String> upload(Map<String, String> fields, byte[] archive) throws Exception {
    String boundary = "pkgb0undary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    fields.forEach((k, v) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
        + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
    if (archive != null) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"package\"; filename=\"p.zip\""
          + "\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(archive);
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assignments"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAutograderZipBecomesAScriptAssignment() throws Exception {
    byte[] archive = zip(Map.of("grader/setup.sh", "true\n", "grader/run_autograder", "#!/bin/sh\n",
        "__MACOSX/grader/._setup.sh", "junk"));
    var r = upload(Map.of("id", "gs", "title", "Gradescope", "format", "script", "maxScore", "10"), archive);
    assertEquals(201, r.statusCode(), r.body());
    JsonNode spec = JSON.readTree(r.body()).path("spec");
    assertEquals("script", spec.path("format").asText());
    assertEquals(10.0, spec.path("maxScore").asDouble());
    assertEquals(ContentHash.sha256(archive), spec.path("autograderHash").asText());
    assertArrayEquals(archive, desk.blobs.get(ContentHash.sha256(archive)), "the archive is stored under its hash");
  }

  @Test
  void aKattisPackageBecomesAProblemAssignment() throws Exception {
    byte[] archive = zip(Map.of("sum/problem.yaml", "name: Sum\n", "sum/data/sample/1.in", "1 2\n",
        "sum/data/sample/1.ans", "3\n", "sum/data/secret/1.in", "2 2\n", "sum/data/secret/1.ans", "4\n",
        "sum/data/secret/2.in", "5 5\n", "sum/data/secret/2.ans", "10\n"));
    var r = upload(Map.of("id", "sum", "title", "Sum", "format", "problem"), archive);
    assertEquals(201, r.statusCode(), r.body());
    JsonNode spec = JSON.readTree(r.body()).path("spec");
    assertEquals("problem", spec.path("format").asText());
    assertEquals("Sum", spec.path("name").asText());
    assertEquals(2, spec.path("secretTestCases").asInt());
  }

  @Test
  void brokenArchivesAreRefusedAndNotStored() throws Exception {
    int blobs = desk.blobs.size();
    byte[] script = zip(Map.of("setup.sh", "true\n", "run_autograder", "#!/bin/sh\n"));
    assertError(upload(Map.of("title", "t", "format", "script", "maxScore", "1"), "not a zip".getBytes()), 400,
        "invalid_package");
    assertError(upload(Map.of("title", "t", "format", "script", "maxScore", "1"), zip(Map.of("setup.sh", "x"))), 400,
        "invalid_package");
    assertError(upload(Map.of("title", "t", "format", "script"), script), 400, "invalid_maxScore");
    assertError(upload(Map.of("title", "t", "format", "script", "maxScore", "-2"), script), 400, "invalid_maxScore");
    assertError(upload(Map.of("title", "t", "format", "word"), script), 400, "invalid_format");
    assertError(upload(Map.of("title", "t", "format", "script", "maxScore", "1"), null), 400, "invalid_package");
    assertError(upload(Map.of("title", "t", "format", "problem"), zip(Map.of("problem.yaml", "name: x\n"))), 400,
        "invalid_package");
    assertError(upload(Map.of("title", "t", "format", "problem"),
        zip(Map.of("problem.yaml", "name: [unclosed\n", "data/secret/1.in", "", "data/secret/1.ans", ""))), 400,
        "invalid_package");
    assertError(upload(Map.of("title", "", "format", "script", "maxScore", "1"), script), 400, "invalid_title");
    assertEquals(blobs, desk.blobs.size(), "nothing was stored");
    assertEquals(1, desk.assignments.size());
  }
}
