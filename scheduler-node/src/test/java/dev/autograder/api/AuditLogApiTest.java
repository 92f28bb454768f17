package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.api.Browser.Part;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A course's audit log through HTTP against a whole node: staff actions show who did them, when and
 * what; filters by assignment and student; pages that neither skip nor repeat; students are refused
 * and bad parameters get a 400 in the error shape.
 */
class AuditLogApiTest {
  private static final String AUDIT = "/api/v1/courses/cs101/audit";

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void staffReadWhoDidWhatToWhichAssignmentAndStudent(String database) throws Exception {
    try (RunningNode node = RunningNode.start(database)) {
      Classroom room = new Classroom(node);
      Browser ins = room.as("ins");
      Browser ta = room.as("ta1");
      String due =
          Instant.now().plus(9, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
      assertEquals(
          200, ins.put("/api/v1/assignments/hello/extensions/stu1", Map.of("dueAt", due)).status());
      Map<String, Object> draft =
          Classroom.assignment("draft", Instant.now().plus(3, ChronoUnit.DAYS));
      draft.put("published", false);
      assertEquals(201, ins.post("/api/v1/courses/cs101/assignments", draft).status());
      assertEquals(200, ins.patch("/api/v1/assignments/draft", Map.of("published", true)).status());
      Browser.Answer forStudent =
          room.submit(
              ta,
              Classroom.ASSIGNMENT,
              Part.file("main.py", "print(1)\n"),
              Part.field("student", "stu2"));
      assertEquals(202, forStudent.status(), forStudent.toString());
      room.submit(room.as("stu1"), Classroom.ASSIGNMENT, Part.file("main.py", "print(2)\n"));

      JsonNode extension =
          await(
              ins,
              AUDIT + "?student=stu1",
              e -> e.path("action").asText().equals("extension_granted"));
      assertEquals("ins", extension.path("actor").asText(), extension.toString());
      assertEquals("hello", extension.path("assignmentId").asText());
      assertEquals(due, extension.path("details").path("dueAt").asText());
      JsonNode submitted =
          await(
              ins,
              AUDIT + "?student=stu2",
              e -> e.path("action").asText().equals("submitted_for_student"));
      assertEquals("ta1", submitted.path("actor").asText(), submitted.toString());
      assertEquals(
          forStudent.body().path("id").asText(),
          submitted.path("details").path("submissionId").asText());
      await(
          ins,
          AUDIT + "?assignment=draft",
          e -> e.path("action").asText().equals("assignment_published"));

      List<String> draftActions = new ArrayList<>();
      ta.get(AUDIT + "?assignment=draft")
          .body()
          .path("entries")
          .forEach(
              e -> draftActions.add(e.path("actor").asText() + " " + e.path("action").asText()));
      assertEquals(
          List.of("ins assignment_published", "ins assignment_created"),
          draftActions,
          "newest first");
      String own = ins.get(AUDIT + "?student=stu1").text();
      assertFalse(
          own.contains("submitted_for_student"),
          "a student's own submission is no staff action: " + own);
      JsonNode enrolled =
          await(
              ins,
              AUDIT + "?student=stu1",
              e -> e.path("action").asText().equals("member_enrolled"));
      assertEquals(
          "admin STUDENT",
          enrolled.path("actor").asText() + " " + enrolled.path("details").path("role").asText());

      JsonNode whole = ins.get(AUDIT + "?limit=200").body();
      assertFalse(whole.has("next"), "one page holds it all: " + whole);
      List<Long> paged = new ArrayList<>();
      String page = AUDIT + "?limit=2";
      for (int pages = 0; pages < 50; pages++) {
        JsonNode answer = ins.get(page).body();
        answer.path("entries").forEach(e -> paged.add(e.path("id").asLong()));
        if (!answer.has("next")) {
          break;
        }
        page = AUDIT + "?limit=2&before=" + answer.path("next").asLong();
      }
      List<Long> all = new ArrayList<>();
      whole.path("entries").forEach(e -> all.add(e.path("id").asLong()));
      assertEquals(all, paged, "pages of two, one after another, are the whole log in its order");

      List<String> wrong = new ArrayList<>();
      for (String query :
          List.of(
              "limit=0",
              "limit=201",
              "limit=ten",
              "limit=",
              "before=x",
              "before=0",
              "before=99999999999999999999",
              "student=..%2Fx",
              "student=a%20b",
              "assignment=..%2Fetc",
              "assignment=A")) {
        Browser.Answer a = ins.get(AUDIT + "?" + query);
        if (a.status() != 400
            || !a.body().path("error").path("code").asText().startsWith("invalid_")) {
          wrong.add(query + " -> " + a.status() + " " + a.text());
        }
      }
      assertEquals(List.of(), wrong, "bad parameters are a 400 in the error shape");
      assertEquals(403, room.as("stu1").get(AUDIT).status());
      assertEquals(404, room.as("out1").get(AUDIT).status());
      assertEquals(200, room.admin.get(AUDIT + "?student=stu1&assignment=hello").status());
      assertTrue(ins.get(AUDIT + "?student=nobody").body().path("entries").isEmpty());
    }
  }

  /** The log is a read side: the entry turns up within a moment. */
  static JsonNode await(Browser who, String path, Predicate<JsonNode> wanted) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    JsonNode log;
    do {
      log = who.get(path).body();
      for (JsonNode entry : log.path("entries")) {
        if (wanted.test(entry)) {
          return entry;
        }
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("no such entry in " + path + " after 20 s: " + log);
  }
}
