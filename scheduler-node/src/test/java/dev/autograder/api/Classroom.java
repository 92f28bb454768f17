package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.client.ApiClient;
import java.time.Duration;
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
    // The setup goes through the shared API client as a script would; the tests' own calls go
    // through a Browser on the same token.
    ApiClient script =
        ApiClient.admin(
            node.base(),
            RunningNode.ADMIN_PASSWORD,
            new ApiClient.Course(COURSE, "CS101", "Course " + COURSE, "Fall 2026"),
            Duration.ofSeconds(30));
    this.admin = Browser.withBearer(node.base(), script.token());
    for (String user : List.of("ins", "ta1", "stu1", "stu2", "out1")) {
      script.createAccount(user, user.toUpperCase(), PASSWORD);
    }
    course(
        script,
        COURSE,
        Map.of("ins", "INSTRUCTOR", "ta1", "TA", "stu1", "STUDENT", "stu2", "STUDENT"));
    script
        .createCourse(new ApiClient.Course("other", "OTHER", "Course other", "Fall 2026"))
        .expect(201, "creating the course other");
    course(script, "other", Map.of("out1", "STUDENT"));
    Browser.Answer created =
        as("ins")
            .post(
                "/api/v1/courses/" + COURSE + "/assignments",
                assignment(ASSIGNMENT, Instant.now().plus(7, ChronoUnit.DAYS)));
    assertEquals(201, created.status(), created.toString());
  }

  private static void course(ApiClient script, String id, Map<String, String> roster)
      throws Exception {
    for (var member : roster.entrySet()) {
      script.enrol(id, member.getKey(), member.getValue());
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
