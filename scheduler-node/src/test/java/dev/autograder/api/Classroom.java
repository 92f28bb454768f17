package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A course set up through the API alone: course cs101 with an instructor, a TA and two students,
 * course other with a student of its own, and a published IO assignment in cs101.
 */
final class Classroom {
  static final String PASSWORD = "correct horse battery";
  static final String COURSE = "cs101";
  static final String ASSIGNMENT = "hello";

  final RunningNode node;
  final Browser admin;

  Classroom(RunningNode node) throws Exception {
    this.node = node;
    this.admin = Browser.withToken(node.base(), "admin", RunningNode.ADMIN_PASSWORD);
    for (String user : List.of("ins", "ta1", "stu1", "stu2", "out1")) {
      Browser.Answer a =
          admin.post(
              "/api/v1/accounts",
              Map.of("username", user, "displayName", user.toUpperCase(), "password", PASSWORD));
      assertEquals(201, a.status(), a.toString());
    }
    course(COURSE, Map.of("ins", "INSTRUCTOR", "ta1", "TA", "stu1", "STUDENT", "stu2", "STUDENT"));
    course("other", Map.of("out1", "STUDENT"));
    Browser.Answer created =
        as("ins")
            .post(
                "/api/v1/courses/" + COURSE + "/assignments",
                assignment(ASSIGNMENT, Instant.now().plus(7, ChronoUnit.DAYS)));
    assertEquals(201, created.status(), created.toString());
  }

  private void course(String id, Map<String, String> roster) throws Exception {
    Browser.Answer c =
        admin.post(
            "/api/v1/courses",
            Map.of(
                "id", id, "code", id.toUpperCase(), "title", "Course " + id, "term", "Fall 2026"));
    assertEquals(201, c.status(), c.toString());
    for (var member : roster.entrySet()) {
      Browser.Answer e =
          admin.put(
              "/api/v1/courses/" + id + "/roster/" + member.getKey(),
              Map.of("role", member.getValue()));
      assertEquals(200, e.status(), e.toString());
    }
  }

  /** An IO assignment with one visible and one hidden test, published, due at {@code due}. */
  static Map<String, Object> assignment(String id, Instant due) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("id", id);
    a.put("title", "Hello " + id);
    a.put("description", "Print a greeting.");
    a.put("dueAt", due.toString());
    a.put("published", true);
    a.put(
        "spec",
        Map.of(
            "language",
            "PYTHON",
            "tests",
            List.of(
                Map.of(
                    "name",
                    "visible",
                    "stdin",
                    "Ada\n",
                    "expectedStdout",
                    "Hello, Ada!\n",
                    "points",
                    1),
                Map.of(
                    "name",
                    "secret",
                    "stdin",
                    "Bob\n",
                    "expectedStdout",
                    "Hello, Bob!\n",
                    "points",
                    1,
                    "visibility",
                    "HIDDEN"))));
    return a;
  }

  Browser as(String user) throws Exception {
    return user.equals("admin") ? admin : Browser.signedIn(node.base(), user, PASSWORD);
  }

  Browser.Answer submit(Browser who, String assignment, Browser.Part... parts) throws Exception {
    return who.multipart("/api/v1/assignments/" + assignment + "/submissions", List.of(parts));
  }
}
