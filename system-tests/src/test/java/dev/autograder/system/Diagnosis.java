package dev.autograder.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.client.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the tests print about submissions that did not end ACCEPTED: each attempt with its runner,
 * how it ended and why (from the API), and every line of every node's log that names the
 * submission. CI keeps only the tail of its output, and the node logs go with the clone.
 */
final class Diagnosis {
  /** Enough lines to follow a job through a dozen attempts without drowning the output. */
  private static final int MAX_LINES_PER_SUBMISSION = 120;

  /**
   * Submissions shown in full; a stalled run can leave a hundred ungraded, each then gets one line.
   */
  private static final int MAX_SUBMISSIONS = 10;

  private Diagnosis() {}

  /** The diagnosis of every submission whose verdict is not ACCEPTED (or that is not graded). */
  static String ofNotAccepted(ApiClient api, TestCluster cluster, Collection<String> ids)
      throws IOException, InterruptedException {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (String id : ids) {
      JsonNode s = api.get("/api/v1/submissions/" + id).body();
      if (!"ACCEPTED".equals(s.path("result").path("verdict").asText())) {
        if (shown++ < MAX_SUBMISSIONS) {
          out.append(of(s, id, cluster));
        } else {
          out.append("-- submission ")
              .append(id)
              .append(": status ")
              .append(s.path("status").asText())
              .append(", verdict ")
              .append(s.path("result").path("verdict").asText("none"))
              .append(", ")
              .append(s.path("attempts").size())
              .append(" attempts (its log lines are left out)\n");
        }
      }
    }
    return out.toString();
  }

  /** Prints the diagnosis of the submissions that did not end ACCEPTED, if any, and answers it. */
  static String printNotAccepted(ApiClient api, TestCluster cluster, Collection<String> ids)
      throws IOException, InterruptedException {
    String text = ofNotAccepted(api, cluster, ids);
    if (!text.isEmpty()) {
      System.out.println(
          "==== submissions not ACCEPTED (node logs under "
              + cluster.logs().toAbsolutePath()
              + ")");
      System.out.print(text);
      System.out.println("==== end of diagnosis");
    }
    return text;
  }

  static String of(JsonNode submission, String id, TestCluster cluster) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("-- submission ")
        .append(id)
        .append(": status ")
        .append(submission.path("status").asText())
        .append(", verdict ")
        .append(submission.path("result").path("verdict").asText("none"))
        .append(", attempt ")
        .append(submission.path("attempt").asInt())
        .append('\n');
    String log = submission.path("result").path("log").asText("");
    if (!log.isEmpty()) {
      out.append("   result log: ")
          .append(log.strip().replace("\n", "\n               "))
          .append('\n');
    }
    if (submission.has("queue")) {
      out.append("   queue: ").append(submission.path("queue")).append('\n');
    }
    for (JsonNode a : submission.path("attempts")) {
      out.append(
          String.format(
              "   attempt %d on %s, started %s, ended %s: %s%s%n",
              a.path("attempt").asInt(),
              a.path("runnerId").asText(),
              a.path("startedAt").asText(),
              a.path("endedAt").asText("-"),
              a.path("ending").asText("not ended"),
              a.has("reason") ? " (" + a.path("reason").asText() + ")" : ""));
    }
    List<String> lines = logLines(cluster.logs(), id);
    out.append("   ")
        .append(lines.size())
        .append(" node log lines name it")
        .append(
            lines.size() > MAX_LINES_PER_SUBMISSION
                ? ", the first " + MAX_LINES_PER_SUBMISSION
                : "")
        .append(":\n");
    lines.stream()
        .limit(MAX_LINES_PER_SUBMISSION)
        .forEach(l -> out.append("   ").append(l).append('\n'));
    return out.toString();
  }

  /**
   * Every line of every node log in the directory that contains the text, prefixed with the node's
   * name.
   */
  static List<String> logLines(Path logs, String text) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(logs)) {
      return found;
    }
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        String node = f.getFileName().toString().replaceFirst("\\.log$", "");
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (line.contains(text)) {
            found.add(node + ": " + line);
          }
        }
      }
    }
    // Each line starts with the time of day: sorted, the nodes' lines interleave as they happened.
    found.sort(
        (a, b) -> a.substring(a.indexOf(": ") + 2).compareTo(b.substring(b.indexOf(": ") + 2)));
    return found;
  }
}
