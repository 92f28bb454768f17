package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.api.Browser.Part;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Accounts, sessions, rosters, assignments and submitting, through HTTP against a whole scheduler
 * node.
 */
class CourseApiTest {
  @RegisterExtension static final NodeUnderTest node = NodeUnderTest.withClassroom(Map.of());

  @Test
  void signInSetsAnHttpOnlySameSiteCookieAndSignOutEndsTheSession() throws Exception {
    Browser stu = node.room().as("stu1");
    Browser.Answer session = stu.get("/api/v1/session");
    assertEquals(200, session.status());
    assertEquals("stu1", session.body().path("account").path("username").asText());
    Browser fresh = Browser.anonymous(node.base());
    Browser.Answer signIn =
        fresh.post("/api/v1/session", Map.of("username", "stu1", "password", Classroom.PASSWORD));
    String cookie = signIn.raw().headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertEquals(200, fresh.get("/api/v1/me").status());
    assertEquals(204, fresh.delete("/api/v1/session").status());
    assertEquals(401, fresh.get("/api/v1/me").status());
  }

  @Test
  void aSessionWithoutItsCsrfTokenCannotChangeAnything() throws Exception {
    Browser ins = node.room().as("ins");
    Browser.Answer refused =
        ins.withoutCsrf()
            .patch("/api/v1/assignments/" + Classroom.ASSIGNMENT, Map.of("title", "Changed"));
    assertEquals(403, refused.status());
    assertEquals("csrf", refused.code());
    assertEquals(
        "Hello hello",
        ins.get("/api/v1/assignments/" + Classroom.ASSIGNMENT).body().path("title").asText());
  }

  @Test
  void wrongPasswordsAreRefusedAndRepeatedFailuresAreSlowedDown() throws Exception {
    Browser b = Browser.anonymous(node.base());
    for (int i = 0; i < 5; i++) {
      Browser.Answer a =
          b.post("/api/v1/session", Map.of("username", "stu2", "password", "not the password"));
      assertEquals(401, a.status());
      assertEquals("invalid_credentials", a.code());
    }
    Browser.Answer slowed =
        b.post("/api/v1/session", Map.of("username", "stu2", "password", Classroom.PASSWORD));
    assertEquals(429, slowed.status());
    assertFalse(slowed.raw().headers().firstValue("Retry-After").orElse("").isEmpty());
    assertEquals(
        401,
        Browser.anonymous(node.base())
            .post("/api/v1/session", Map.of("username", "nobody", "password", "whatever-password"))
            .status());
  }

  @Test
  void anApiTokenWorksUntilItIsRevoked() throws Exception {
    Browser session = node.room().as("ta1");
    Browser.Answer issued = session.post("/api/v1/tokens", Map.of("name", "grading script"));
    assertEquals(201, issued.status());
    String token = issued.body().path("token").asText();
    var withToken =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.base() + "/api/v1/me"))
            .header("Authorization", "Bearer " + token)
            .build();
    var http = java.net.http.HttpClient.newHttpClient();
    assertEquals(
        200, http.send(withToken, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    JsonNode listed = session.get("/api/v1/tokens").body();
    assertEquals(1, listed.size());
    assertFalse(listed.toString().contains(token), "a token is shown once only");
    assertEquals(
        204, session.delete("/api/v1/tokens/" + issued.body().path("id").asText()).status());
    assertEquals(
        401, http.send(withToken, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void aRosterCsvCreatesMissingAccountsAndABadFileChangesNothing() throws Exception {
    Browser ins = node.room().as("ins");
    Browser.Answer bad =
        ins.send(
            "/api/v1/courses/cs101/roster/import",
            "POST",
            "text/csv",
            "username,display_name,role\nnew1,New One,student\nBad Name!,x,student\nnew2,New Two,wizard\n"
                .getBytes());
    assertEquals(400, bad.status());
    assertEquals(2, bad.body().path("error").path("details").size(), bad.toString());
    assertFalse(
        node.room()
            .admin
            .get("/api/v1/courses/cs101/roster")
            .body()
            .findValuesAsText("username")
            .contains("new1"),
        "nothing of a bad file is imported");
    Browser.Answer good =
        ins.send(
            "/api/v1/courses/cs101/roster/import",
            "POST",
            "text/csv",
            "username,display_name,role\nnew1,\"One, New\",student\nstu1,Student One,student\n"
                .getBytes());
    assertEquals(200, good.status(), good.toString());
    assertEquals(2, good.body().path("enrolled").asInt());
    assertEquals(1, good.body().path("created").size());
    String initial = good.body().path("created").get(0).path("initialPassword").asText();
    Browser newcomer = Browser.signedIn(node.base(), "new1", initial);
    assertEquals(
        "password_change_required",
        newcomer.get("/api/v1/courses/cs101").body().path("error").path("code").asText(),
        "a generated password must be changed first");
    assertEquals(
        204,
        newcomer
            .put(
                "/api/v1/me/password",
                Map.of("currentPassword", initial, "newPassword", "my own password"))
            .status());
    assertEquals("STUDENT", newcomer.get("/api/v1/courses/cs101").body().path("role").asText());
    assertEquals(
        "One, New",
        ins.get("/api/v1/courses/cs101/roster").body().findValuesAsText("displayName").stream()
            .filter("One, New"::equals)
            .findFirst()
            .orElse("no name"),
        "the new account's name shows at once");
  }

  @Test
  void aStudentSeesTheirOwnDueDateAndRunsLeftButNoHiddenTestOrSpec() throws Exception {
    Browser ins = node.room().as("ins");
    Map<String, Object> limited =
        Classroom.assignment("limited", Instant.now().plus(3, ChronoUnit.DAYS));
    limited.put("submissionLimit", Map.of("count", 2, "windowHours", 24));
    assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", limited).status());
    Instant extended = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    assertEquals(
        200,
        ins.put("/api/v1/assignments/limited/extensions/stu1", Map.of("dueAt", extended.toString()))
            .status());
    JsonNode seen = node.room().as("stu1").get("/api/v1/assignments/limited").body();
    assertEquals(extended.toString(), seen.path("dueAt").asText());
    assertTrue(seen.path("extended").asBoolean());
    assertEquals(2, seen.path("runsLeft").asInt());
    assertEquals(1, seen.path("tests").size());
    assertEquals(1, seen.path("hiddenTests").asInt());
    assertTrue(seen.path("spec").isMissingNode(), "students never get the spec");
    assertFalse(seen.toString().contains("Hello, Bob!"));
  }

  @Test
  void aSubmissionPastTheLimitIsRefusedWithoutTraceOrCost() throws Exception {
    Browser ins = node.room().as("ins");
    Map<String, Object> twice =
        Classroom.assignment("twice", Instant.now().plus(3, ChronoUnit.DAYS));
    twice.put("submissionLimit", Map.of("count", 2, "windowHours", 24));
    assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", twice).status());
    Browser stu = node.room().as("stu2");
    for (int i = 0; i < 2; i++) {
      Browser.Answer a =
          node.room().submit(stu, "twice", Part.file("main.py", "print('Hello, Ada!')\n"));
      assertEquals(202, a.status(), a.toString());
    }
    Browser.Answer third = node.room().submit(stu, "twice", Part.file("main.py", "print(3)\n"));
    assertEquals(409, third.status());
    assertEquals("limit_reached", third.code());
    assertFalse(third.raw().headers().firstValue("Retry-After").orElse("").isEmpty());
    assertEquals(0, stu.get("/api/v1/assignments/twice").body().path("runsLeft").asInt());
    Browser.Answer forStaff =
        node.room()
            .submit(
                ins, "twice", Part.file("main.py", "print(4)\n"), Part.field("student", "stu2"));
    assertEquals(202, forStaff.status(), "staff are not limited: " + forStaff);
    awaitList(stu, "/api/v1/assignments/twice/submissions", 3);
  }

  @Test
  void submissionsOutsideTheDatesAreRefusedAndLateOnesArePenalised() throws Exception {
    Browser ins = node.room().as("ins");
    Map<String, Object> future =
        Classroom.assignment("future", Instant.now().plus(3, ChronoUnit.DAYS));
    future.put("opensAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
    assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", future).status());
    Browser stu = node.room().as("stu1");
    assertEquals(
        "not_open", node.room().submit(stu, "future", Part.file("main.py", "print(1)\n")).code());
    Map<String, Object> past =
        Classroom.assignment("past", Instant.now().minus(30, ChronoUnit.HOURS));
    past.put("lateUntil", Instant.now().plus(1, ChronoUnit.DAYS).toString());
    past.put("latePenaltyPercentPerDay", 10);
    assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", past).status());
    Browser.Answer late = node.room().submit(stu, "past", Part.file("main.py", "print(1)\n"));
    assertEquals(202, late.status(), late.toString());
    assertTrue(late.body().path("late").asBoolean());
    assertEquals(2, late.body().path("daysLate").asInt());
    assertEquals(20.0, late.body().path("penaltyPercent").asDouble());
    Map<String, Object> closed =
        Classroom.assignment("closed", Instant.now().minus(1, ChronoUnit.HOURS));
    assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", closed).status());
    assertEquals(
        "deadline_passed",
        node.room().submit(stu, "closed", Part.file("main.py", "print(1)\n")).code());
    assertEquals(
        200,
        ins.put(
                "/api/v1/assignments/closed/extensions/stu1",
                Map.of("dueAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
            .status());
    assertEquals(
        202,
        node.room().submit(stu, "closed", Part.file("main.py", "print(1)\n")).status(),
        "an extension reopens it for that student");
    assertEquals(
        "deadline_passed",
        node.room()
            .submit(node.room().as("stu2"), "closed", Part.file("main.py", "print(1)\n"))
            .code());
  }

  @Test
  void aZipIsUnpackedAndAHostileOneIsRefused() throws Exception {
    Browser stu = node.room().as("stu1");
    Browser.Answer ok =
        node.room()
            .submit(
                stu,
                Classroom.ASSIGNMENT,
                new Part(
                    "archive",
                    "s.zip",
                    zip(Map.of("main.py", "print('Hello, Ada!')\n", "lib/util.py", "X = 1\n"))));
    assertEquals(202, ok.status(), ok.toString());
    assertEquals(
        List.of("lib/util.py", "main.py"),
        Browser.JSON.convertValue(ok.body().path("files"), List.class));
    for (String path : List.of("../escape.py", "/etc/passwd", "a/../../b.py")) {
      Browser.Answer refused =
          node.room()
              .submit(
                  stu, Classroom.ASSIGNMENT, new Part("archive", "s.zip", zip(Map.of(path, "x"))));
      assertEquals(400, refused.status(), path + ": " + refused);
    }
    byte[] bomb = zip(Map.of("main.py", "0".repeat(10 * 1024 * 1024)));
    Browser.Answer bombed =
        node.room().submit(stu, Classroom.ASSIGNMENT, new Part("archive", "s.zip", bomb));
    assertEquals(
        400, bombed.status(), "a 10 MiB file in a " + bomb.length + " byte zip: " + bombed);
  }

  static byte[] zip(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Lists come from the read side, a moment behind the entities. */
  static JsonNode awaitList(Browser who, String path, int size) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    JsonNode list;
    do {
      list = who.get(path).body();
      if (list.size() == size) {
        return list;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(path + " has " + list.size() + " entries, not " + size + ": " + list);
  }

  @Test
  void theLiveStatusStreamSaysWhereTheSubmissionWaits() throws Exception {
    Browser stu = node.room().as("stu2");
    String id =
        node.room()
            .submit(stu, Classroom.ASSIGNMENT, Part.file("main.py", "print(1)\n"))
            .body()
            .path("id")
            .asText();
    java.net.http.HttpResponse<java.util.stream.Stream<String>> stream =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(node.base() + "/api/v1/submissions/" + id + "/events"))
                    .header("Cookie", stu.cookie())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    assertTrue(
        stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<String> first = stream.body().takeWhile(line -> !line.isEmpty()).toList();
    stream.body().close();
    assertTrue(first.contains("event:status"), first.toString());
    String data = first.stream().filter(line -> line.startsWith("data:")).findFirst().orElseThrow();
    JsonNode status = Browser.JSON.readTree(data.substring("data:".length()));
    assertEquals("QUEUED", status.path("status").asText());
    assertEquals("WAITING", status.path("queue").path("state").asText(), status.toString());
    assertEquals(
        0,
        status.path("queue").path("runners").asInt(),
        "no runner serves the flavour in this test");
    assertEquals(
        401, Browser.anonymous(node.base()).get("/api/v1/submissions/" + id + "/events").status());
    assertEquals(
        404,
        node.room().as("stu1").get("/api/v1/submissions/" + id + "/events").status(),
        "another student gets nothing");
  }

  @Test
  void aPasswordIsChangedOnlyWithTheCurrentOne() throws Exception {
    Browser.Answer created =
        node.room()
            .admin
            .post(
                "/api/v1/accounts", Map.of("username", "changer", "password", Classroom.PASSWORD));
    assertEquals(201, created.status());
    Browser me = Browser.signedIn(node.base(), "changer", Classroom.PASSWORD);
    assertEquals(
        403,
        me.put(
                "/api/v1/me/password",
                Map.of(
                    "currentPassword",
                    "not the current one",
                    "newPassword",
                    "a brand new password"))
            .status());
    assertEquals(
        400,
        me.put(
                "/api/v1/me/password",
                Map.of("currentPassword", Classroom.PASSWORD, "newPassword", "short"))
            .status());
    assertEquals(
        204,
        me.put(
                "/api/v1/me/password",
                Map.of(
                    "currentPassword", Classroom.PASSWORD, "newPassword", "a brand new password"))
            .status());
    assertEquals(
        401,
        Browser.anonymous(node.base())
            .post("/api/v1/session", Map.of("username", "changer", "password", Classroom.PASSWORD))
            .status());
    assertEquals(
        200,
        Browser.anonymous(node.base())
            .post(
                "/api/v1/session",
                Map.of("username", "changer", "password", "a brand new password"))
            .status());
  }

  @Test
  void maxScoreMayComeInTheAssignmentJsonButTwoDifferentOnesAreRefused() throws Exception {
    Browser ins = node.room().as("ins");
    byte[] autograder = zip(Map.of("setup.sh", "true\n", "run_autograder", "#!/bin/sh\n"));
    String due = Instant.now().plus(7, ChronoUnit.DAYS).toString();
    Browser.Answer inJson =
        ins.multipart(
            "/api/v1/courses/cs101/assignments",
            List.of(
                Part.field("format", "script"),
                Part.field(
                    "assignment",
                    "{\"id\": \"score-in-json\", \"title\": \"t\", \"dueAt\": \""
                        + due
                        + "\", \"maxScore\": 7.5}"),
                new Part("package", "a.zip", autograder)));
    assertEquals(201, inJson.status(), inJson.toString());
    assertEquals(7.5, inJson.body().path("maxScore").asDouble());
    Browser.Answer both =
        ins.multipart(
            "/api/v1/courses/cs101/assignments",
            List.of(
                Part.field("format", "script"),
                Part.field("maxScore", "7.5"),
                Part.field(
                    "assignment",
                    "{\"id\": \"score-twice\", \"title\": \"t\", \"dueAt\": \""
                        + due
                        + "\", \"maxScore\": 7.5}"),
                new Part("package", "a.zip", autograder)));
    assertEquals(201, both.status(), "the same value twice: " + both);
    Browser.Answer conflicting =
        ins.multipart(
            "/api/v1/courses/cs101/assignments",
            List.of(
                Part.field("format", "script"),
                Part.field("maxScore", "5"),
                Part.field(
                    "assignment",
                    "{\"id\": \"score-conflict\", \"title\": \"t\", \"dueAt\": \""
                        + due
                        + "\", \"maxScore\": 7.5}"),
                new Part("package", "a.zip", autograder)));
    assertEquals(400, conflicting.status(), conflicting.toString());
    assertEquals("conflicting_maxScore", conflicting.code());
    Browser.Answer none =
        ins.multipart(
            "/api/v1/courses/cs101/assignments",
            List.of(
                Part.field("format", "script"),
                Part.field(
                    "assignment",
                    "{\"id\": \"score-none\", \"title\": \"t\", \"dueAt\": \"" + due + "\"}"),
                new Part("package", "a.zip", autograder)));
    assertEquals("invalid_maxScore", none.code(), none.toString());
  }

  @Test
  void anUploadedAutograderIsPendingItsSetupCheckAndSubmissionsGetA409SayingSo() throws Exception {
    Browser ins = node.room().as("ins");
    byte[] autograder = zip(Map.of("setup.sh", "true\n", "run_autograder", "#!/bin/sh\n"));
    String due = Instant.now().plus(7, ChronoUnit.DAYS).toString();
    Browser.Answer created =
        ins.multipart(
            "/api/v1/courses/cs101/assignments",
            List.of(
                Part.field("format", "script"),
                Part.field("maxScore", "5"),
                Part.field(
                    "assignment",
                    "{\"id\": \"pending-setup\", \"title\": \"t\","
                        + " \"published\": true, \"dueAt\": \""
                        + due
                        + "\"}"),
                new Part("package", "a.zip", autograder)));
    assertEquals(201, created.status(), created.toString());
    // This node has no runner: the check waits in its queue, and the setup stays pending.
    assertEquals(
        "PENDING", created.body().path("setup").path("status").asText(), created.toString());
    assertEquals(
        "PENDING",
        node.room()
            .as("stu1")
            .get("/api/v1/assignments/pending-setup")
            .body()
            .path("setup")
            .path("status")
            .asText(),
        "students see the status");
    for (Browser who : List.of(node.room().as("stu1"), ins)) {
      Browser.Answer refused =
          node.room().submit(who, "pending-setup", Part.file("answer.py", "print(42)\n"));
      assertEquals(409, refused.status(), refused.toString());
      assertEquals("setup_pending", refused.code());
    }
    Browser.Answer regrades =
        ins.send(
            "/api/v1/assignments/pending-setup/regrades", "POST", "application/json", new byte[0]);
    assertEquals(409, regrades.status(), regrades.toString());
    assertEquals("setup_pending", regrades.code());
    assertFalse(
        node.room()
            .as("ins")
            .get("/api/v1/assignments/" + Classroom.ASSIGNMENT)
            .body()
            .path("setup")
            .path("status")
            .asText()
            .equals("PENDING"),
        "an IO assignment needs no check");
  }

  @Test
  void anAssignmentWithoutAnIdIsNamedAfterItsTitleAndATakenNameIsNumbered() throws Exception {
    Browser ins = node.room().as("ins");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Map<String, Object> a = Classroom.assignment(null, Instant.now().plus(2, ChronoUnit.DAYS));
      a.remove("id");
      a.put("title", "Lab 7: Linked Lists (héllo!)");
      Browser.Answer created = ins.post("/api/v1/courses/cs101/assignments", a);
      assertEquals(201, created.status(), created.toString());
      ids.add(created.body().path("id").asText());
    }
    assertEquals(List.of("lab-7-linked-lists-hello", "lab-7-linked-lists-hello-2"), ids);
    Map<String, Object> explicit =
        Classroom.assignment(ids.get(0), Instant.now().plus(2, ChronoUnit.DAYS));
    Browser.Answer taken = ins.post("/api/v1/courses/cs101/assignments", explicit);
    assertEquals(409, taken.status(), "an id the author chose is never renumbered: " + taken);
    assertEquals("assignment_exists", taken.code());
  }
}
