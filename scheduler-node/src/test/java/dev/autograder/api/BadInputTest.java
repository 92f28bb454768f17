package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.api.Browser.Part;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint that accepts a body, fed malformed JSON, wrong types, unknown fields, hostile
 * values and oversized bodies: each answer is a 4xx in the one error shape, never a 5xx, and
 * afterwards nothing has changed.
 */
class BadInputTest {
  private record Endpoint(String method, String path, String contentType) {}

  private static final List<Endpoint> JSON_ENDPOINTS =
      List.of(
          new Endpoint("POST", "/api/v1/session", "application/json"),
          new Endpoint("PUT", "/api/v1/me/password", "application/json"),
          new Endpoint("POST", "/api/v1/tokens", "application/json"),
          new Endpoint("POST", "/api/v1/accounts", "application/json"),
          new Endpoint("POST", "/api/v1/courses", "application/json"),
          new Endpoint("PATCH", "/api/v1/courses/cs101", "application/json"),
          new Endpoint("PUT", "/api/v1/courses/cs101/roster/stu1", "application/json"),
          new Endpoint("POST", "/api/v1/courses/cs101/assignments", "application/json"),
          new Endpoint("PATCH", "/api/v1/assignments/hello", "application/json"),
          new Endpoint("PUT", "/api/v1/assignments/hello/extensions/stu1", "application/json"));

  private static final List<String> BAD_JSON =
      List.of(
          "",
          "null",
          "[]",
          "{",
          "not json",
          "\"text\"",
          "42",
          "{\"unknownField\": 1}",
          "{\"username\": 5, \"password\": []}",
          "{\"title\": {\"nested\": true}}",
          "{\"id\": \"../../etc\", \"code\": \"x\", \"title\": \"x\", \"term\": \"x\"}",
          "{\"role\": \"OWNER\"}",
          "{\"dueAt\": \"yesterday\"}",
          "{\"dueAt\": \"2026-01-01T00:00:00Z\", \"lateUntil\": \"2025-01-01T00:00:00Z\"}",
          "{\"name\": \"" + "x".repeat(500) + "\"}",
          "{\"password\": \"short\", \"username\": \"UPPER case\"}",
          "{\"currentPassword\": \"wrong password!!\", \"newPassword\": \"x\"}",
          "{\"title\": \"t\", \"dueAt\": \"2030-01-01T00:00:00Z\", \"spec\": {\"format\": \"io\", \"language\": \"COBOL\", \"tests\": []}}",
          "{\"title\": \"t\", \"dueAt\": \"2030-01-01T00:00:00Z\", \"spec\": {\"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\", \"comparison\": \"REGEX\"}], \"language\": \"C\"}, \"submissionLimit\": {\"count\": -1, \"windowHours\": 0}}",
          "{\"title\": \"t\", \"dueAt\": \"2030-01-01T00:00:00Z\", \"latePenaltyPercentPerDay\": 1000, \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\"}]}}",
          "{\"title\": \"t\", \"dueAt\": \"2030-01-01T00:00:00Z\", \"flavour\": \"nope\", \"spec\": {\"language\": \"C\", \"tests\": [{\"name\": \"a\", \"expectedStdout\": \"\"}]}}");

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void badBodiesGetA4xxAndChangeNothing(String database) throws Exception {
    try (RunningNode node = RunningNode.start(database)) {
      Classroom room = new Classroom(node);
      Browser ins = room.as("ins");
      String queued =
          room.submit(room.as("stu1"), Classroom.ASSIGNMENT, Part.file("main.py", "print(1)\n"))
              .body()
              .path("id")
              .asText();
      CourseApiTest.awaitList(ins, "/api/v1/assignments/hello/submissions", 1);
      List<Endpoint> endpoints = new ArrayList<>(JSON_ENDPOINTS);
      endpoints.add(
          new Endpoint("PUT", "/api/v1/submissions/" + queued + "/adjustment", "application/json"));
      String before = snapshot(room);
      List<String> wrong = new ArrayList<>();
      for (Endpoint e : endpoints) {
        for (String body : BAD_JSON) {
          check(
              wrong,
              e + " " + body,
              ins.send(
                  e.path(), e.method(), e.contentType(), body.getBytes(StandardCharsets.UTF_8)));
        }
        check(
            wrong,
            e + " invalid UTF-8",
            ins.send(
                e.path(),
                e.method(),
                e.contentType(),
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}));
        check(
            wrong,
            e + " as text/plain",
            ins.send(e.path(), e.method(), "text/plain", "{}".getBytes()));
        String tooLarge = ins.oversized(e.path(), e.method(), e.contentType(), 9L * 1024 * 1024);
        // Refused from the header: 413, or 403 where the caller may not use the endpoint at all.
        if (tooLarge == null || !tooLarge.matches("HTTP/1\\.1 4(13|03) .*")) {
          wrong.add(e + " announcing 9 MiB -> " + tooLarge);
        }
      }
      for (String csv :
          List.of(
              "",
              "username,display_name,role",
              "a,b\n",
              "username,display_name,role\n\"open,x,student\n",
              "username,display_name,role\nx,y,janitor\n",
              "username,display_name,role\n../x,y,student\n")) {
        check(
            wrong,
            "roster import " + csv,
            ins.send(
                "/api/v1/courses/cs101/roster/import",
                "POST",
                "text/csv",
                csv.getBytes(StandardCharsets.UTF_8)));
      }
      String submissions = "/api/v1/assignments/hello/submissions";
      Browser stu = room.as("stu1");
      List<List<Part>> badUploads =
          List.of(
              List.of(),
              List.of(Part.field("student", "stu1")),
              List.of(Part.file("../up.py", "x")),
              List.of(Part.file("/abs.py", "x")),
              List.of(Part.file(".hidden", "x")),
              List.of(Part.file(".grading/x", "x")),
              List.of(Part.file("a.py", "x"), Part.file("a.py", "y")),
              List.of(Part.file("big.py", "x".repeat(65 * 1024))),
              List.of(
                  Part.file("a.py", "x"),
                  new Part("archive", "s.zip", CourseApiTest.zip(Map.of("b.py", "y")))),
              List.of(new Part("archive", "s.zip", "not a zip".getBytes())),
              List.of(new Part("archive", "s.zip", new byte[0])),
              List.of(Part.file("a.py", "x"), Part.field("student", "stu2")),
              List.of(
                  Part.file("1.py", "1"),
                  Part.file("2.py", "2"),
                  Part.file("3.py", "3"),
                  Part.file("4.py", "4"),
                  Part.file("5.py", "5"),
                  Part.file("6.py", "6"),
                  Part.file("7.py", "7"),
                  Part.file("8.py", "8"),
                  Part.file("9.py", "9")));
      String practice = "/api/v1/assignments/hello/practice";
      for (String upload : List.of(submissions, practice)) {
        for (List<Part> parts : badUploads) {
          check(
              wrong,
              upload + " " + parts.stream().map(p -> p.name() + ":" + p.filename()).toList(),
              stu.multipart(upload, parts));
        }
        check(
            wrong,
            upload + " as JSON",
            stu.send(upload, "POST", "application/json", "{}".getBytes()));
      }
      check(
          wrong,
          "package without archive",
          ins.multipart(
              "/api/v1/courses/cs101/assignments",
              List.of(
                  Part.field("format", "problem"),
                  Part.field("assignment", "{\"title\": \"t\"}"))));
      check(
          wrong,
          "package not a zip",
          ins.multipart(
              "/api/v1/courses/cs101/assignments",
              List.of(
                  Part.field("format", "script"),
                  Part.field("maxScore", "5"),
                  Part.field(
                      "assignment", "{\"title\": \"t\", \"dueAt\": \"2030-01-01T00:00:00Z\"}"),
                  new Part("package", "p.zip", "zip?".getBytes()))));
      // Broken Kattis packages: 400 with a message that names the file at fault.
      Map<String, Map<String, String>> brokenPackages =
          Map.of(
              "problem.yaml",
                  Map.of(
                      "problem.yaml",
                      "name: [unclosed\n",
                      "data/secret/1.in",
                      "1\n",
                      "data/secret/1.ans",
                      "1\n"),
              "output_validator/",
                  Map.of(
                      "problem.yaml",
                      "problem_format_version: 2023-07\ntype: interactive\n",
                      "data/secret/1.in",
                      "1\n",
                      "data/secret/1.ans",
                      "1\n"),
              "data/secret/testdata.yaml",
                  Map.of(
                      "problem.yaml",
                      "name: x\n",
                      "data/secret/testdata.yaml",
                      "grader_flags: best\n",
                      "data/secret/1.in",
                      "1\n",
                      "data/secret/1.ans",
                      "1\n"));
      for (var broken : brokenPackages.entrySet()) {
        Browser.Answer a =
            ins.multipart(
                "/api/v1/courses/cs101/assignments",
                List.of(
                    Part.field("format", "problem"),
                    Part.field(
                        "assignment", "{\"title\": \"t\", \"dueAt\": \"2030-01-01T00:00:00Z\"}"),
                    new Part("package", "p.zip", CourseApiTest.zip(broken.getValue()))));
        check(wrong, "package with a broken " + broken.getKey(), a);
        if (a.status() == 400
            && !a.body().path("error").path("message").asText().contains(broken.getKey())) {
          wrong.add(
              "package with a broken "
                  + broken.getKey()
                  + ": the message does not name it: "
                  + a.text());
        }
      }
      check(
          wrong,
          "package of unknown format",
          ins.multipart(
              "/api/v1/courses/cs101/assignments",
              List.of(
                  Part.field("format", "exe"),
                  new Part("package", "p.zip", CourseApiTest.zip(Map.of("a", "b"))))));
      for (String username :
          List.of("Bad%20Name!", "..%2Fx", "x".repeat(300), "%00", "nobody", "%C3%28")) {
        check(
            wrong,
            "admin's reset of " + username,
            room.admin.post("/api/v1/accounts/" + username + "/password-reset", Map.of()));
        check(
            wrong,
            "staff reset of " + username,
            ins.post("/api/v1/courses/cs101/roster/" + username + "/password-reset", Map.of()));
      }
      assertEquals(List.of(), wrong);
      assertEquals(before, snapshot(room), "nothing was stored");
    }
  }

  private static void check(List<String> wrong, String what, Browser.Answer a) {
    boolean shaped = a.body().path("error").path("code").isTextual();
    if (a.status() < 400 || a.status() >= 500 || !shaped) {
      wrong.add(
          what.substring(0, Math.min(160, what.length()))
              + " -> "
              + a.status()
              + " "
              + a.text().substring(0, Math.min(160, a.text().length())));
    }
  }

  /** Everything the bad requests could have changed, as the API shows it. */
  private static String snapshot(Classroom room) throws Exception {
    Browser admin = room.admin;
    Thread.sleep(1500);
    StringBuilder s = new StringBuilder();
    for (String path :
        List.of(
            "/api/v1/accounts",
            "/api/v1/courses",
            "/api/v1/courses/cs101/roster",
            "/api/v1/courses/cs101/assignments",
            "/api/v1/assignments/hello/extensions",
            "/api/v1/assignments/hello/submissions",
            "/api/v1/tokens")) {
      s.append(path).append(' ').append(admin.get(path).text()).append('\n');
    }
    return s.toString();
  }
}
