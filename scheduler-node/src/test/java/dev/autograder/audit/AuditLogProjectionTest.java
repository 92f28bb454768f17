package dev.autograder.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.autograder.course.Assignment;
import dev.autograder.course.Course;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.Lateness;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.port.CourseOffice.AuditQuery;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.storage.ReadSideHarness;
import dev.autograder.submission.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit log's projections on the real journal, on H2 and on a fresh PostgreSQL database: the
 * entities' staff actions become entries with their actor, filtered by assignment and student; and
 * events journaled before actors were recorded still read, as "unknown".
 */
class AuditLogProjectionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void staffActionsOfEachEntityBecomeEntriesWithTheirActor(String kind) throws Exception {
    try (ReadSideHarness readSide = ReadSideHarness.start(kind, "audit")) {
      AuditLogTable audit = new AuditLogTable(readSide.sql());
      audit.createTableIfMissing();

      var course = readSide.entity(Course.create("cs1"), "course");
      readSide.<Course.Summary, Course.Command>ask(
          course, r -> new Course.Create("CS1", "Course", "Fall", AT, r));
      readSide.<Done, Course.Command>ask(
          course,
          r ->
              new Course.Enrol(
                  Map.of("stu", CourseRole.STUDENT, "ta", CourseRole.TA),
                  "admin",
                  AT.plusSeconds(1),
                  r));
      readSide.<Done, Course.Command>ask(
          course, r -> new Course.Remove("ta", "ins", AT.plusSeconds(2), r));
      var assignment = readSide.entity(Assignment.create("a1"), "assignment");
      readSide.<Assignment.Details, Assignment.Command>ask(
          assignment,
          r ->
              new Assignment.Create(
                  "cs1",
                  "Hello",
                  "default",
                  "spec-1",
                  false,
                  rules(false),
                  "ins",
                  AT.plusSeconds(3),
                  r));
      readSide.<Assignment.Details, Assignment.Command>ask(
          assignment,
          r ->
              new Assignment.Revise(
                  "Hello", "default", "spec-1", false, rules(true), "ins", AT.plusSeconds(4), r));
      readSide.<Assignment.Details, Assignment.Command>ask(
          assignment,
          r ->
              new Assignment.Revise(
                  "Hello, world",
                  "default",
                  "spec-2",
                  false,
                  rules(true),
                  "ins",
                  AT.plusSeconds(5),
                  r));
      readSide.<Assignment.Details, Assignment.Command>ask(
          assignment,
          r ->
              new Assignment.GrantExtension(
                  new Extension("stu", AT.plusSeconds(86_400), null), "ta", AT.plusSeconds(6), r));
      readSide.receive(
          new Submission.SubmissionReceived(
              "s1",
              "a1",
              "cs1",
              "stu",
              "default",
              "spec-2",
              "files",
              List.of("main.py"),
              JobPriority.INTERACTIVE,
              Lateness.ON_TIME,
              AT.plusSeconds(7),
              "ta"));
      var forStudent = readSide.entity(Submission.create("s1"), "s1");
      forStudent.tell(new Submission.MarkRunning(1, "runner/1", AT.plusSeconds(8)));
      readSide.<Done, Submission.Command>ask(
          forStudent,
          r ->
              new Submission.RecordResult(
                  1,
                  GradingResult.of(Verdict.ACCEPTED, 1, 1, "ok", List.of(), ""),
                  AT.plusSeconds(9),
                  r));
      readSide.<GradingJob, Submission.Command>ask(
          forStudent,
          r -> new Submission.Regrade("batch-1", "spec-2", "ins", AT.plusSeconds(10), r));
      readSide.receive(
          new Submission.SubmissionReceived(
              "s2",
              "a1",
              "cs1",
              "stu",
              "default",
              "spec-2",
              "files",
              List.of("main.py"),
              JobPriority.INTERACTIVE,
              Lateness.ON_TIME,
              AT.plusSeconds(11),
              "stu"));

      readSide.project(Course.TAG, AuditLogTable.CourseProjection::new);
      readSide.project(Assignment.TAG, AuditLogTable.AssignmentProjection::new);
      readSide.projectGroups(Submission.TAG, AuditLogTable.SubmissionProjection::new);

      List<String> expected =
          List.of(
              "ins regrade_requested a1 stu {\"submissionId\":\"s1\",\"batchId\":\"batch-1\"}",
              "ta submitted_for_student a1 stu {\"submissionId\":\"s1\",\"files\":\"main.py\"}",
              "ta extension_granted a1 stu {\"dueAt\":\"2026-12-02T09:00:00Z\"}",
              "ins assignment_revised a1 null {\"title\":\"Hello, world\",\"specVersion\":2,\"published\":true,"
                  + "\"gradesPublished\":false,\"dueAt\":\"2030-01-01T00:00:00Z\"}",
              "ins assignment_published a1 null {\"title\":\"Hello\",\"specVersion\":1,\"published\":true,"
                  + "\"gradesPublished\":false,\"dueAt\":\"2030-01-01T00:00:00Z\"}",
              "ins assignment_created a1 null {\"title\":\"Hello\",\"flavour\":\"default\",\"published\":false,"
                  + "\"dueAt\":\"2030-01-01T00:00:00Z\"}",
              "ins member_removed null ta {}",
              "admin member_enrolled null ta {\"role\":\"TA\"}",
              "admin member_enrolled null stu {\"role\":\"STUDENT\"}");
      AuditQuery everything =
          new AuditQuery(Optional.empty(), Optional.empty(), 50, Optional.empty());
      List<String> log = List.of();
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (Instant.now().isBefore(deadline) && !log.equals(expected)) {
        Thread.sleep(200);
        log = lines(audit.entries("cs1", everything).toCompletableFuture().get());
      }
      assertEquals(expected, log, "the projections' entries, newest first");
      assertEquals(
          expected.subList(0, 6),
          lines(
              audit
                  .entries(
                      "cs1",
                      new AuditQuery(Optional.of("a1"), Optional.empty(), 50, Optional.empty()))
                  .toCompletableFuture()
                  .get()));
      assertEquals(
          List.of(expected.get(0), expected.get(1), expected.get(2), expected.get(8)),
          lines(
              audit
                  .entries(
                      "cs1",
                      new AuditQuery(Optional.empty(), Optional.of("stu"), 50, Optional.empty()))
                  .toCompletableFuture()
                  .get()));
      long third = audit.entries("cs1", everything).toCompletableFuture().get().get(2).id();
      assertEquals(
          expected.subList(3, 5),
          lines(
              audit
                  .entries(
                      "cs1",
                      new AuditQuery(Optional.empty(), Optional.empty(), 2, Optional.of(third)))
                  .toCompletableFuture()
                  .get()));
    }
  }

  @Test
  void eventsJournaledBeforeActorsWereRecordedReadAsUnknown() throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "audit-old-events",
            ReadSideHarness.localNode(
                ConfigFactory.parseMap(
                    Map.of("autograder.database.url", "jdbc:h2:mem:audit-old"))));
    try {
      Serialization serialization = SerializationExtension.get(system);
      ObjectMapper cbor =
          JacksonObjectMapperProvider.get(system).getOrCreate("jackson-cbor", Optional.empty());
      List<Object> events =
          List.of(
              new Course.MemberEnrolled("stu", CourseRole.STUDENT, AT, "ins"),
              new Course.MemberRemoved("stu", AT, "ins"),
              new Assignment.AssignmentCreated(
                  "a1", "cs1", "T", "default", "spec", rules(true), AT, "ins"),
              new Assignment.AssignmentRevised("T", "default", "spec", 1, rules(true), AT, "ins"),
              new Assignment.ExtensionGranted(new Extension("stu", AT, null), AT, "ins"),
              new Submission.SubmissionReceived(
                  "s1",
                  "a1",
                  "cs1",
                  "stu",
                  "default",
                  "spec",
                  "files",
                  List.of("main.py"),
                  JobPriority.INTERACTIVE,
                  Lateness.ON_TIME,
                  AT,
                  "ta"),
              new Submission.RegradeRequested(null, "spec", 2, AT, "ins"));
      List<String> actors = new ArrayList<>();
      for (Object event : events) {
        var serializer = serialization.findSerializerFor(event);
        ObjectNode old = (ObjectNode) cbor.readTree(serialization.serialize(event).get());
        old.remove("actor");
        Object read =
            serialization
                .deserialize(
                    cbor.writeValueAsBytes(old),
                    serializer.identifier(),
                    Serializers.manifestFor(serializer, event))
                .get();
        actors.add(
            read.getClass().getSimpleName()
                + " "
                + read.getClass().getMethod("actor").invoke(read));
      }
      assertEquals(
          List.of(
              "MemberEnrolled unknown",
              "MemberRemoved unknown",
              "AssignmentCreated unknown",
              "AssignmentRevised unknown",
              "ExtensionGranted unknown",
              "SubmissionReceived unknown",
              "RegradeRequested unknown"),
          actors);
    } finally {
      system.terminate();
    }
  }

  private static AssignmentRules rules(boolean published) {
    return new AssignmentRules(
        "",
        null,
        Instant.parse("2030-01-01T00:00:00Z"),
        null,
        0,
        null,
        null,
        published,
        false,
        null);
  }

  private static List<String> lines(List<AuditLogTable.Entry> entries) {
    return entries.stream()
        .map(
            e ->
                e.actor()
                    + " "
                    + e.action()
                    + " "
                    + e.assignmentId()
                    + " "
                    + e.student()
                    + " "
                    + e.details())
        .toList();
  }
}
