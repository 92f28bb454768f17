package dev.autograder.course;

import static dev.autograder.storage.ReadSideHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.course.rules.CourseRole;
import dev.autograder.port.CourseOffice.CourseSummary;
import dev.autograder.storage.ReadSideHarness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The courses and enrolments read table, projected from the Course entity's events on the real
 * journal (H2 and PostgreSQL): a course appears when created and changes when revised; members
 * appear with their role, change role, and go when removed.
 */
class EnrolmentsProjectionTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void coursesAndMembersFollowTheCourseEvents(String kind) throws Exception {
    try (ReadSideHarness readSide = ReadSideHarness.start(kind, "enrolments")) {
      EnrolmentsTable table = new EnrolmentsTable(readSide.sql());
      table.createTableIfMissing();
      readSide.project(Course.TAG, EnrolmentsTable.Projection::new);
      var first = readSide.entity(Course.create("cs1"), "cs1");
      var second = readSide.entity(Course.create("cs2"), "cs2");
      readSide.<Course.Summary, Course.Command>ask(
          first, r -> new Course.Create("CS1", "Programming", "Fall", AT, r));
      readSide.<Course.Summary, Course.Command>ask(
          second, r -> new Course.Create("CS2", "Data structures", "Fall", AT.plusSeconds(1), r));
      readSide.<Done, Course.Command>ask(
          first,
          r ->
              new Course.Enrol(
                  Map.of("ada", CourseRole.STUDENT, "tess", CourseRole.STUDENT),
                  "ins",
                  AT.plusSeconds(2),
                  r));
      readSide.<Done, Course.Command>ask(
          second, r -> new Course.Enrol(Map.of("ada", CourseRole.TA), "ins", AT.plusSeconds(3), r));

      List<CourseSummary> adas =
          eventually(() -> table.courses("ada").toCompletableFuture().get(), l -> l.size() == 2);
      assertEquals(
          List.of(
              new CourseSummary("cs2", "CS2", "Data structures", "Fall", CourseRole.TA),
              new CourseSummary("cs1", "CS1", "Programming", "Fall", CourseRole.STUDENT)),
          adas,
          "newest course first, with her role in each");
      assertEquals(
          List.of("cs2", "cs1"),
          table.courses(null).toCompletableFuture().get().stream().map(CourseSummary::id).toList(),
          "every course for a site admin");

      readSide.<Course.Summary, Course.Command>ask(
          first, r -> new Course.Revise("CS1", "Programming I", "Spring", AT.plusSeconds(4), r));
      readSide.<Done, Course.Command>ask(
          first, r -> new Course.Enrol(Map.of("tess", CourseRole.TA), "ins", AT.plusSeconds(5), r));
      readSide.<Done, Course.Command>ask(
          first, r -> new Course.Remove("ada", "ins", AT.plusSeconds(6), r));

      assertEquals(
          List.of(new CourseSummary("cs2", "CS2", "Data structures", "Fall", CourseRole.TA)),
          eventually(() -> table.courses("ada").toCompletableFuture().get(), l -> l.size() == 1),
          "removed from cs1, still in cs2");
      assertEquals(
          List.of(new CourseSummary("cs1", "CS1", "Programming I", "Spring", CourseRole.TA)),
          eventually(
              () -> table.courses("tess").toCompletableFuture().get(),
              l -> !l.isEmpty() && l.get(0).role() == CourseRole.TA),
          "the revised course, with her new role");
    }
  }
}
