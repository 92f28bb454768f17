package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.api.Browser.Part;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything written through the API before a full restart of the node (actor system, cluster, HTTP
 * server, pools) is there after it: accounts and passwords, tokens, courses and rosters,
 * assignments with their versions, rules and extensions, submissions, runs used and regrade
 * batches.
 */
class FullRestartTest {

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "h2"})
  void everythingWrittenBeforeARestartIsThereAfterIt(String database) throws Exception {
    try (RunningNode node = RunningNode.start(database)) {
      Classroom room = new Classroom(node);
      Browser ins = room.as("ins");
      Browser stu = room.as("stu1");
      String token =
          ins.post("/api/v1/tokens", Map.of("name", "kept")).body().path("token").asText();
      Map<String, Object> limited =
          Classroom.assignment("limited", Instant.now().plus(2, ChronoUnit.DAYS));
      limited.put("submissionLimit", Map.of("count", 3, "windowHours", 24));
      assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", limited).status());
      assertEquals(
          200,
          ins.patch(
                  "/api/v1/assignments/limited",
                  Map.of(
                      "title",
                      "Limited, revised",
                      "spec",
                      Map.of(
                          "language",
                          "C",
                          "tests",
                          List.of(Map.of("name", "t", "expectedStdout", "x\n")))))
              .status());
      assertEquals(
          200,
          ins.put(
                  "/api/v1/assignments/limited/extensions/stu1",
                  Map.of(
                      "dueAt",
                      Instant.now()
                          .plus(4, ChronoUnit.DAYS)
                          .truncatedTo(ChronoUnit.SECONDS)
                          .toString()))
              .status());
      assertEquals(
          200,
          ins.send(
                  "/api/v1/courses/cs101/roster/import",
                  "POST",
                  "text/csv",
                  "username,display_name,role\nlate1,Late Joiner,student\n".getBytes())
              .status());
      for (int i = 0; i < 2; i++) {
        assertEquals(
            202, room.submit(stu, "limited", Part.file("main.c", "int main(){}\n")).status());
      }
      CourseApiTest.awaitList(ins, "/api/v1/assignments/limited/submissions", 2);
      String batch =
          ins.post("/api/v1/assignments/hello/regrades", Map.of()).body().path("id").asText();
      List<String> paths =
          List.of(
              "/api/v1/accounts",
              "/api/v1/courses",
              "/api/v1/courses/cs101/roster",
              "/api/v1/courses/cs101/assignments",
              "/api/v1/assignments/limited",
              "/api/v1/assignments/limited/extensions",
              "/api/v1/assignments/limited/submissions",
              "/api/v1/regrades/" + batch,
              "/api/v1/courses/cs101/gradebook");
      Map<String, String> before = settled(room.admin, paths);
      String studentView = stu.get("/api/v1/assignments/limited").text();

      node.restart();

      Browser admin = Browser.withToken(node.base(), "admin", RunningNode.ADMIN_PASSWORD);
      assertEquals(before, read(admin, paths));
      Browser stuAgain = Browser.signedIn(node.base(), "stu1", Classroom.PASSWORD);
      assertEquals(
          strip(studentView),
          strip(stuAgain.get("/api/v1/assignments/limited").text()),
          "the student's dates, extension and runs left");
      assertEquals(1, stuAgain.get("/api/v1/assignments/limited").body().path("runsLeft").asInt());
      var script =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(node.base() + "/api/v1/me"))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, script.statusCode(), "an API token outlives the restart");
      assertEquals(
          202, room.submit(stuAgain, "limited", Part.file("main.c", "int main(){}\n")).status());
      assertEquals(
          "limit_reached",
          room.submit(stuAgain, "limited", Part.file("main.c", "int main(){}\n")).code(),
          "runs used before the restart still count");
    }
  }

  /**
   * The answers once the read sides have caught up with the writes above (two reads a second apart
   * agree): a snapshot taken while a projection still lags differs from the restarted node's
   * answers for that reason alone (seen once in a full run).
   */
  private static Map<String, String> settled(Browser who, List<String> paths) throws Exception {
    Map<String, String> last = read(who, paths);
    for (int i = 0; i < 20; i++) {
      Thread.sleep(1000);
      Map<String, String> now = read(who, paths);
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("the read sides did not settle within 20 s; last seen: " + last);
  }

  private static Map<String, String> read(Browser who, List<String> paths) throws Exception {
    Map<String, String> seen = new java.util.TreeMap<>();
    for (String path : paths) {
      Browser.Answer a = who.get(path);
      assertEquals(200, a.status(), path + ": " + a);
      seen.put(path, strip(a.text()));
    }
    return seen;
  }

  /** Live queue positions change by themselves; everything else must not. */
  private static String strip(String json) {
    return json.replaceAll("\"queue\":\\{[^}]*(\\{[^}]*\\})?[^}]*\\},?", "")
        .replaceAll("\"runsResetAt\":\"[^\"]*\",?", "");
  }
}
