package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.api.Browser.Part;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint against every kind of caller: anonymous, a student of the course, a student of
 * another course, a TA, an instructor and a site admin, each with the status it must get. A student
 * never sees another student's submissions.
 */
class AuthorizationMatrixTest {
  private static final List<String> CALLERS =
      List.of("anonymous", "stu1", "out1", "ta1", "ins", "admin");

  /** One request, made afresh for each caller (so that creations do not collide). */
  @FunctionalInterface
  interface Request {
    Browser.Answer send(Browser who, int call) throws Exception;
  }

  private record Row(String method, String path, Request request, int... expected) {
    String endpoint() {
      return method + " " + path;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void everyEndpointAnswersEachCallerAsItMay(String database) throws Exception {
    try (RunningNode node = RunningNode.start(database)) {
      Classroom room = new Classroom(node);
      Browser ins = room.as("ins");
      String mine =
          room.submit(room.as("stu1"), Classroom.ASSIGNMENT, Part.file("main.py", "print(1)\n"))
              .body()
              .path("id")
              .asText();
      String theirs =
          room.submit(room.as("stu2"), Classroom.ASSIGNMENT, Part.file("main.py", "print(2)\n"))
              .body()
              .path("id")
              .asText();
      CourseApiTest.awaitList(ins, "/api/v1/assignments/hello/submissions", 2);
      Map<String, Object> picked =
          Classroom.assignment("picked", Instant.now().plus(1, ChronoUnit.DAYS));
      picked.put("countedSubmission", "CHOSEN");
      assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", picked).status());
      String mineToPick =
          room.submit(room.as("stu1"), "picked", Part.file("main.py", "print(1)\n"))
              .body()
              .path("id")
              .asText();
      String batch =
          ins.post("/api/v1/assignments/hello/regrades", Map.of()).body().path("id").asText();
      AtomicInteger fresh = new AtomicInteger();

      List<Row> rows = new ArrayList<>();
      rows.add(
          new Row(
              "GET", "/api/v1/me", (b, i) -> b.get("/api/v1/me"), 401, 200, 200, 200, 200, 200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/courses",
              (b, i) -> b.get("/api/v1/courses"),
              401,
              200,
              200,
              200,
              200,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/courses",
              (b, i) ->
                  b.post(
                      "/api/v1/courses",
                      Map.of(
                          "id",
                          "c" + fresh.incrementAndGet(),
                          "code",
                          "C",
                          "title",
                          "T",
                          "term",
                          "X")),
              401,
              403,
              403,
              403,
              403,
              201));
      rows.add(
          new Row(
              "GET",
              "/api/v1/courses/{courseId}",
              (b, i) -> b.get("/api/v1/courses/cs101"),
              401,
              200,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "PATCH",
              "/api/v1/courses/{courseId}",
              (b, i) ->
                  b.patch("/api/v1/courses/cs101", Map.of("title", "Course cs101, call " + i)),
              401,
              403,
              404,
              403,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/courses/{courseId}/roster",
              (b, i) -> b.get("/api/v1/courses/cs101/roster"),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "PUT",
              "/api/v1/courses/{courseId}/roster/{username}",
              (b, i) -> b.put("/api/v1/courses/cs101/roster/stu2", Map.of("role", "STUDENT")),
              401,
              403,
              404,
              403,
              200,
              200));
      rows.add(
          new Row(
              "DELETE",
              "/api/v1/courses/{courseId}/roster/{username}",
              (b, i) -> {
                String who = "gone" + fresh.incrementAndGet();
                room.admin.send(
                    "/api/v1/courses/cs101/roster/import",
                    "POST",
                    "text/csv",
                    ("username,display_name,role\n" + who + "," + who + ",student\n").getBytes());
                return b.delete("/api/v1/courses/cs101/roster/" + who);
              },
              401,
              403,
              404,
              403,
              204,
              204));
      rows.add(
          new Row(
              "POST",
              "/api/v1/courses/{courseId}/roster/import",
              (b, i) ->
                  b.send(
                      "/api/v1/courses/cs101/roster/import",
                      "POST",
                      "text/csv",
                      "username,display_name,role\nstu2,Student Two,student\n".getBytes()),
              401,
              403,
              404,
              403,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/courses/{courseId}/assignments",
              (b, i) -> b.get("/api/v1/courses/cs101/assignments"),
              401,
              200,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/courses/{courseId}/assignments",
              (b, i) ->
                  b.post(
                      "/api/v1/courses/cs101/assignments",
                      Classroom.assignment(
                          "m" + fresh.incrementAndGet(), Instant.now().plus(1, ChronoUnit.DAYS))),
              401,
              403,
              404,
              403,
              201,
              201));
      rows.add(
          new Row(
              "GET",
              "/api/v1/assignments/{assignmentId}",
              (b, i) -> b.get("/api/v1/assignments/hello"),
              401,
              200,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "PATCH",
              "/api/v1/assignments/{assignmentId}",
              (b, i) -> b.patch("/api/v1/assignments/hello", Map.of("description", "Edited " + i)),
              401,
              403,
              404,
              403,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/assignments/{assignmentId}/extensions",
              (b, i) -> b.get("/api/v1/assignments/hello/extensions"),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "PUT",
              "/api/v1/assignments/{assignmentId}/extensions/{username}",
              (b, i) ->
                  b.put(
                      "/api/v1/assignments/hello/extensions/stu2",
                      Map.of("dueAt", Instant.now().plus(9, ChronoUnit.DAYS).toString())),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/assignments/{assignmentId}/submissions",
              (b, i) ->
                  b.multipart(
                      "/api/v1/assignments/hello/submissions",
                      List.of(Part.file("main.py", "print(3)\n"))),
              401,
              202,
              404,
              202,
              202,
              202));
      rows.add(
          new Row(
              "POST",
              "/api/v1/assignments/{assignmentId}/submissions",
              (b, i) ->
                  b.multipart(
                      "/api/v1/assignments/hello/submissions",
                      List.of(Part.file("main.py", "print(3)\n"), Part.field("student", "stu2"))),
              401,
              403,
              404,
              202,
              202,
              202));
      rows.add(
          new Row(
              "POST",
              "/api/v1/assignments/{assignmentId}/practice",
              (b, i) ->
                  b.multipart(
                      "/api/v1/assignments/hello/practice",
                      List.of(Part.file("main.py", "print(4)\n"))),
              401,
              202,
              404,
              202,
              202,
              202));
      rows.add(
          new Row(
              "POST",
              "/api/v1/assignments/{assignmentId}/practice",
              (b, i) ->
                  b.multipart(
                      "/api/v1/assignments/hello/practice",
                      List.of(Part.file("main.py", "print(4)\n"), Part.field("student", "stu2"))),
              401,
              403,
              404,
              400,
              400,
              400));
      rows.add(
          new Row(
              "GET",
              "/api/v1/assignments/{assignmentId}/submissions",
              (b, i) -> b.get("/api/v1/assignments/hello/submissions"),
              401,
              200,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/submissions/{submissionId}",
              (b, i) -> b.get("/api/v1/submissions/" + mine),
              401,
              200,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/submissions/{submissionId}",
              (b, i) -> b.get("/api/v1/submissions/" + theirs),
              401,
              404,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/submissions/{submissionId}/regrade",
              (b, i) -> b.post("/api/v1/submissions/" + theirs + "/regrade", Map.of()),
              401,
              404,
              404,
              409,
              409,
              409));
      rows.add(
          new Row(
              "PUT",
              "/api/v1/submissions/{submissionId}/adjustment",
              (b, i) ->
                  b.put(
                      "/api/v1/submissions/" + mine + "/adjustment",
                      Map.of("mode", "add", "points", 1)),
              401,
              403,
              404,
              409,
              409,
              409));
      rows.add(
          new Row(
              "DELETE",
              "/api/v1/submissions/{submissionId}/adjustment",
              (b, i) -> b.delete("/api/v1/submissions/" + mine + "/adjustment"),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/submissions/{submissionId}/choose",
              (b, i) -> b.post("/api/v1/submissions/" + mineToPick + "/choose", Map.of()),
              401,
              200,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/submissions/{submissionId}/files",
              (b, i) -> b.get("/api/v1/submissions/" + mine + "/files"),
              401,
              200,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/submissions/{submissionId}/files",
              (b, i) -> b.get("/api/v1/submissions/" + theirs + "/files"),
              401,
              404,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/submissions/{submissionId}/file",
              (b, i) -> b.get("/api/v1/submissions/" + theirs + "/file?path=main.py"),
              401,
              404,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/submissions/{submissionId}/archive.zip",
              (b, i) -> b.get("/api/v1/submissions/" + theirs + "/archive.zip"),
              401,
              404,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/assignments/{assignmentId}/submissions.zip",
              (b, i) -> b.get("/api/v1/assignments/hello/submissions.zip"),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/assignments/{assignmentId}/regrades",
              (b, i) -> b.post("/api/v1/assignments/hello/regrades", Map.of()),
              401,
              403,
              404,
              202,
              202,
              202));
      rows.add(
          new Row(
              "GET",
              "/api/v1/regrades/{batchId}",
              (b, i) -> b.get("/api/v1/regrades/" + batch),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/courses/{courseId}/gradebook",
              (b, i) -> b.get("/api/v1/courses/cs101/gradebook"),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/courses/{courseId}/audit",
              (b, i) -> b.get("/api/v1/courses/cs101/audit"),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/courses/{courseId}/gradebook.csv",
              (b, i) -> b.get("/api/v1/courses/cs101/gradebook.csv"),
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/accounts",
              (b, i) -> b.get("/api/v1/accounts"),
              401,
              403,
              403,
              403,
              403,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/accounts",
              (b, i) ->
                  b.post(
                      "/api/v1/accounts",
                      Map.of(
                          "username",
                          "acct" + fresh.incrementAndGet(),
                          "password",
                          "long enough password")),
              401,
              403,
              403,
              403,
              403,
              201));
      rows.add(
          new Row(
              "POST",
              "/api/v1/accounts/{username}/password-reset",
              (b, i) -> {
                String who = "lost" + fresh.incrementAndGet();
                room.admin.post("/api/v1/accounts", Map.of("username", who));
                return b.post("/api/v1/accounts/" + who + "/password-reset", Map.of());
              },
              401,
              403,
              403,
              403,
              403,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/courses/{courseId}/roster/{username}/password-reset",
              (b, i) -> {
                String who = "lost" + fresh.incrementAndGet();
                room.admin.send(
                    "/api/v1/courses/cs101/roster/import",
                    "POST",
                    "text/csv",
                    ("username,display_name,role\n" + who + "," + who + ",student\n").getBytes());
                return b.post("/api/v1/courses/cs101/roster/" + who + "/password-reset", Map.of());
              },
              401,
              403,
              404,
              200,
              200,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/tokens",
              (b, i) -> b.get("/api/v1/tokens"),
              401,
              200,
              200,
              200,
              200,
              200));
      rows.add(
          new Row(
              "POST",
              "/api/v1/tokens",
              (b, i) -> b.post("/api/v1/tokens", Map.of("name", "t")),
              401,
              201,
              201,
              201,
              201,
              201));
      rows.add(
          new Row(
              "GET",
              "/api/v1/cluster",
              (b, i) -> b.get("/api/v1/cluster"),
              401,
              403,
              403,
              403,
              403,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/queues",
              (b, i) -> b.get("/api/v1/queues"),
              401,
              403,
              403,
              403,
              403,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/telemetry",
              (b, i) -> b.get("/api/v1/telemetry"),
              401,
              403,
              403,
              403,
              403,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/telemetry/history",
              (b, i) -> b.get("/api/v1/telemetry/history"),
              401,
              403,
              403,
              403,
              403,
              200));
      rows.add(
          new Row(
              "GET",
              "/api/v1/openapi.json",
              (b, i) -> b.get("/api/v1/openapi.json"),
              200,
              200,
              200,
              200,
              200,
              200));
      rows.add(new Row("GET", "/alive", (b, i) -> b.get("/alive"), 200, 200, 200, 200, 200, 200));
      rows.add(new Row("GET", "/ready", (b, i) -> b.get("/ready"), 200, 200, 200, 200, 200, 200));
      rows.add(
          new Row("GET", "/metrics", (b, i) -> b.get("/metrics"), 401, 403, 403, 403, 403, 200));

      Map<String, Browser> callers = new LinkedHashMap<>();
      for (String c : CALLERS) {
        callers.put(c, c.equals("anonymous") ? Browser.anonymous(node.base()) : room.as(c));
      }
      List<String> wrong = new ArrayList<>();
      List<String> undocumented = new ArrayList<>();
      Set<String> documented =
          OpenApiDocument.operations(
              Browser.anonymous(node.base()).get("/api/v1/openapi.json").body());
      int call = 0;
      for (Row row : rows) {
        for (int k = 0; k < CALLERS.size(); k++) {
          Browser.Answer a = row.request().send(callers.get(CALLERS.get(k)), call++);
          if (a.status() != row.expected()[k]) {
            wrong.add(
                row.endpoint()
                    + " as "
                    + CALLERS.get(k)
                    + ": "
                    + a.status()
                    + " (expected "
                    + row.expected()[k]
                    + ") "
                    + a.text().substring(0, Math.min(200, a.text().length())));
          }
          if (a.status() >= 400) {
            assertTrue(
                a.body().path("error").has("code"), row.endpoint() + ": the error shape: " + a);
          }
          if (!documented.contains(row.endpoint() + " " + a.status())) {
            undocumented.add(row.endpoint() + " answers " + a.status());
          }
        }
      }
      assertEquals(List.of(), wrong);
      assertEquals(
          List.of(), undocumented, "every status an endpoint answers is in the OpenAPI document");
      Set<String> tested = new TreeSet<>();
      rows.forEach(r -> tested.add(r.endpoint()));
      Set<String> described = new TreeSet<>();
      documented.forEach(d -> described.add(d.substring(0, d.lastIndexOf(' '))));
      described.remove("GET /api/v1/submissions/{submissionId}/events");
      for (String other :
          List.of(
              "POST /api/v1/session",
              "GET /api/v1/session",
              "DELETE /api/v1/session",
              "PUT /api/v1/me/password",
              "DELETE /api/v1/tokens/{tokenId}")) {
        described.remove(other);
      }
      assertEquals(
          described, tested, "the OpenAPI document describes exactly the endpoints there are");
      String ownList =
          room.as("stu1").get("/api/v1/assignments/hello/submissions?student=stu2").text();
      assertTrue(
          !ownList.contains(theirs) && ownList.contains(mine),
          "a student lists only their own: " + ownList);
    }
  }
}
