package dev.autograder.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.client.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The public HTTP API as a client host sees it: curl run in the client's network namespace, since
 * the test's own JVM sits in the root namespace, which reaches no test host. Signed in as the site
 * admin with an API token, in a course of its own whose students it enrols as it submits for them.
 */
final class ClientHostApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> launcher;
  private final String base;
  private final Path files;
  private final java.util.Set<String> enrolled = new java.util.HashSet<>();
  private String token;

  ClientHostApi(List<String> launcher, String base, Path files) {
    this.launcher = launcher;
    this.base = base;
    this.files = files;
  }

  ApiClient.Answer get(String path) throws IOException, InterruptedException {
    return curl(null, auth(base + path));
  }

  ApiClient.Answer postJson(String path, String json) throws IOException, InterruptedException {
    return curl(
        json, auth("-H", "Content-Type: application/json", "--data-binary", "@-", base + path));
  }

  /** Creates a published assignment, due in a year, in the tests' course. */
  ApiClient.Answer createAssignment(String json) throws IOException, InterruptedException {
    var assignment = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
    assignment
        .put("dueAt", Instant.now().plus(Duration.ofDays(365)).toString())
        .put("published", true);
    return postJson(
        "/api/v1/courses/" + TestCluster.COURSE.id() + "/assignments", assignment.toString());
  }

  /** The arguments with the bearer token first, once signed in (as admin, the first time). */
  private String[] auth(String... args) throws IOException, InterruptedException {
    if (token == null) {
      String cookies = Files.createDirectories(files).resolve("cookies").toString();
      ApiClient.Answer session =
          curl(
              JSON.writeValueAsString(
                  Map.of("username", "admin", "password", NodeProcess.ADMIN_PASSWORD)),
              "-c",
              cookies,
              "-H",
              "Content-Type: application/json",
              "--data-binary",
              "@-",
              base + "/api/v1/session");
      if (session.status() != 200) {
        throw new AssertionError("could not sign in as admin: " + session);
      }
      ApiClient.Answer issued =
          curl(
              "{\"name\": \"multi-host\"}",
              "-b",
              cookies,
              "-H",
              "X-CSRF-Token: " + session.body().path("csrfToken").asText(),
              "-H",
              "Content-Type: application/json",
              "--data-binary",
              "@-",
              base + "/api/v1/tokens");
      token = issued.body().path("token").asText();
      ApiClient.Answer course =
          curl(
              "{\"id\": \""
                  + TestCluster.COURSE.id()
                  + "\", \"code\": \"MH\", \"title\": "
                  + "\"Multi-host\", \"term\": \"always\"}",
              "-H",
              "Authorization: Bearer " + token,
              "-H",
              "Content-Type: application/json",
              "--data-binary",
              "@-",
              base + "/api/v1/courses");
      if (course.status() != 201 && course.status() != 409) {
        throw new AssertionError("could not create the tests' course: " + course);
      }
    }
    List<String> all = new ArrayList<>(List.of("-H", "Authorization: Bearer " + token));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  /**
   * A multipart submission for the student (enrolled first), as scripts/start-local.sh's example
   * makes it.
   */
  ApiClient.Answer submit(String assignmentId, String student, Map<String, String> sources)
      throws IOException, InterruptedException {
    if (enrolled.add(student)) {
      ApiClient.Answer imported =
          curl(
              "username,display_name,role\n" + student + "," + student + ",student\n",
              auth(
                  "-H",
                  "Content-Type: text/csv",
                  "--data-binary",
                  "@-",
                  base + "/api/v1/courses/" + TestCluster.COURSE.id() + "/roster/import"));
      if (imported.status() != 200) {
        throw new AssertionError("could not enrol " + student + ": " + imported);
      }
    }
    List<String> args = new ArrayList<>(List.of("-F", "student=" + student));
    Path dir = Files.createTempDirectory(Files.createDirectories(files), "submission-");
    for (var source : sources.entrySet()) {
      args.addAll(
          List.of(
              "-F",
              "files=@" + Files.writeString(dir.resolve(source.getKey()), source.getValue())));
    }
    args.add(base + "/api/v1/assignments/" + assignmentId + "/submissions");
    return curl(null, auth(args.toArray(String[]::new)));
  }

  /** Polls until the submission is graded; fails after the timeout. */
  JsonNode awaitGraded(String submissionId, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      ApiClient.Answer a = get("/api/v1/submissions/" + submissionId);
      if (a.status() == 200 && "GRADED".equals(a.body().path("status").asText())) {
        return a.body();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "submission " + submissionId + " not graded within " + timeout + ": " + a.body());
      }
      Thread.sleep(250);
    }
  }

  /** Waits until the API answers at all. */
  void awaitUp(Duration timeout, NodeProcess node) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (curl(null, base + "/alive").status() == 0) {
      if (!node.isAlive()) {
        throw new AssertionError(node + " stopped while starting");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the API of " + node + " did not answer within " + timeout);
      }
      Thread.sleep(500);
    }
  }

  /** Status 0 when no answer came (curl could not connect, or timed out). */
  private ApiClient.Answer curl(String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of("curl", "-s", "--max-time", "30", "-w", "\n%{http_code}"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    int split = out.lastIndexOf('\n');
    int status = split < 0 ? 0 : Integer.parseInt(out.substring(split + 1).strip());
    String body = split < 0 ? "" : out.substring(0, split);
    return new ApiClient.Answer(
        status, body.isBlank() ? JSON.nullNode() : JSON.readTree(body), body, Map.of());
  }
}
