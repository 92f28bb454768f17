package dev.autograder.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * the test's own JVM sits in the root namespace, which reaches no test host.
 */
final class ClientHostApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> launcher;
  private final String base;
  private final Path files;

  ClientHostApi(List<String> launcher, String base, Path files) {
    this.launcher = launcher;
    this.base = base;
    this.files = files;
  }

  ApiClient.Answer get(String path) throws IOException, InterruptedException {
    return curl(null, base + path);
  }

  ApiClient.Answer postJson(String path, String json) throws IOException, InterruptedException {
    return curl(json, "-H", "Content-Type: application/json", "--data-binary", "@-", base + path);
  }

  /** A multipart submission, as scripts/start-local.sh's example makes it. */
  ApiClient.Answer submit(String assignmentId, String student, Map<String, String> sources)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-F", "student=" + student));
    Path dir = Files.createTempDirectory(Files.createDirectories(files), "submission-");
    for (var source : sources.entrySet()) {
      args.addAll(List.of("-F", "files=@" + Files.writeString(dir.resolve(source.getKey()), source.getValue())));
    }
    args.add(base + "/api/v1/assignments/" + assignmentId + "/submissions");
    return curl(null, args.toArray(String[]::new));
  }

  /** Polls until the submission is graded; fails after the timeout. */
  JsonNode awaitGraded(String submissionId, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      ApiClient.Answer a = get("/api/v1/submissions/" + submissionId);
      if (a.status() == 200 && "GRADED".equals(a.body().path("status").asText())) {
        return a.body();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("submission " + submissionId + " not graded within " + timeout + ": " + a.body());
      }
      Thread.sleep(250);
    }
  }

  /** Waits until the API answers at all. */
  void awaitUp(Duration timeout, NodeProcess node) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (get("/api/v1/assignments/none").status() == 0) {
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
  private ApiClient.Answer curl(String stdin, String... args) throws IOException, InterruptedException {
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
    return new ApiClient.Answer(status, body.isBlank() ? JSON.nullNode() : JSON.readTree(body), "");
  }
}
