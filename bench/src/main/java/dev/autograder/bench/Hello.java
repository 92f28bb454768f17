package dev.autograder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.client.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Hello-world submissions in the four languages, with the one IO test that grades them. */
enum Hello {
  JAVA(
      "Main.java",
      """
      import java.util.Scanner;
      public class Main {
        public static void main(String[] args) {
          System.out.println("Hello, " + new Scanner(System.in).nextLine() + "!");
        }
      }
      """),
  PYTHON("main.py", "print(f'Hello, {input()}!')\n"),
  C(
      "hello.c",
      "#include <stdio.h>\nint main(void) { char n[64]; scanf(\"%63s\", n); printf(\"Hello, %s!\\n\", n);"
          + " return 0; }\n"),
  CPP(
      "hello.cpp",
      "#include <iostream>\n#include <string>\nint main() { std::string n; std::cin >> n;"
          + " std::cout << \"Hello, \" << n << \"!\\n\"; }\n");

  private final String file;
  private final String source;

  Hello(String file, String source) {
    this.file = file;
    this.source = source;
  }

  /** An assignment grading this hello world with one test; its id is {@code id}. */
  void createAssignment(ApiClient api, String id) throws Exception {
    createAssignment(
        api,
        id,
        "Hello in " + name(),
        """
        {"language": "%s", "tests": [{"name": "greets Ada", "stdin": "Ada\\n", "expectedStdout": "Hello, Ada!\\n"}]}"""
            .formatted(name()));
  }

  /** An IO assignment, published; {@code spec} is the JSON of its spec. */
  static void createAssignment(ApiClient api, String id, String title, String spec)
      throws Exception {
    api.createAssignment(
            "{\"id\": \"%s\", \"title\": \"%s\", \"spec\": %s}".formatted(id, title, spec))
        .expect(201, "creating assignment " + id);
  }

  /**
   * The files of one submission; {@code tag} makes each one's content, and so its blob, its own.
   */
  Map<String, String> files(String tag) {
    String comment = this == PYTHON ? "# " + tag + "\n" : "// " + tag + "\n";
    return Map.of(file, comment + source);
  }

  /** What the scheduler recorded about a graded submission. */
  record Graded(
      String id,
      String student,
      Instant received,
      Instant started,
      Instant graded,
      String verdict,
      JsonNode result) {
    static Graded of(JsonNode s) {
      return new Graded(
          s.path("id").asText(),
          s.path("student").asText(),
          Instant.parse(s.path("receivedAt").asText()),
          Instant.parse(s.path("attempts").path(0).path("startedAt").asText()),
          Instant.parse(s.path("gradedAt").asText()),
          s.path("result").path("verdict").asText(),
          s.path("result"));
    }

    double queueWaitMillis() {
      return Duration.between(received, started).toNanos() / 1e6;
    }

    double turnaroundMillis() {
      return Duration.between(received, graded).toNanos() / 1e6;
    }
  }
}
