package dev.autograder.course;

import static dev.autograder.EntityTestKit.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ActingUser;
import dev.autograder.EntityTestKit;
import dev.autograder.course.rules.CourseRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Course entity: its details, its roster with roles, and its assignments in order. */
class CourseTest {
  private static final ActorTestKit testKit = EntityTestKit.create(CourseTest.class);
  private static final Instant CREATED = Instant.parse("2026-09-01T08:00:00Z");
  private static final Instant LATER = Instant.parse("2026-09-02T08:00:00Z");

  private final EventSourcedBehaviorTestKit<Course.Command, Course.Event, Course.State> course =
      EventSourcedBehaviorTestKit.create(testKit.system(), Course.create("c1"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    course.clear();
  }

  private CommandResultWithReply<
          Course.Command, Course.Event, Course.State, StatusReply<Course.Summary>>
      create() {
    return course.runCommand(
        replyTo -> new Course.Create("CS101", "Programming", "2026 autumn", CREATED, replyTo));
  }

  private CommandResultWithReply<Course.Command, Course.Event, Course.State, StatusReply<Done>>
      enrol(Map<String, CourseRole> members) {
    return course.runCommand(replyTo -> new Course.Enrol(members, "ins", LATER, replyTo));
  }

  private CommandResultWithReply<Course.Command, Course.Event, Course.State, StatusReply<Done>>
      remove(String username) {
    return course.runCommand(replyTo -> new Course.Remove(username, "ins", LATER, replyTo));
  }

  private CommandResultWithReply<Course.Command, Course.Event, Course.State, StatusReply<Done>>
      attach(String id) {
    return course.runCommand(replyTo -> new Course.AttachAssignment(id, replyTo));
  }

  private Optional<Course.Summary> summary() {
    return course.<Course.Lookup>runCommand(Course.GetSummary::new).reply().course();
  }

  private Map<String, CourseRole> roster() {
    return course.<Course.Roster>runCommand(Course.GetRoster::new).reply().members();
  }

  private Course.Membership membership(String username) {
    return course
        .<Course.Membership>runCommand(replyTo -> new Course.GetRole(username, replyTo))
        .reply();
  }

  @Test
  void aCreatedCourseHasItsDetailsAnEmptyRosterAndNoAssignments() {
    var created = create();
    Course.Summary expected =
        new Course.Summary("c1", "CS101", "Programming", "2026 autumn", List.of(), CREATED);
    assertEquals(expected, created.reply().getValue());
    assertEquals(
        List.of(new Course.CourseCreated("c1", "CS101", "Programming", "2026 autumn", CREATED)),
        created.events());
    assertEquals(Optional.of(expected), summary());
    assertEquals(Map.of(), roster());
  }

  @Test
  void aSecondCreateOfTheSameCourseIsRefusedAndPersistsNothing() {
    create();
    var second =
        course.<StatusReply<Course.Summary>>runCommand(
            replyTo -> new Course.Create("CS999", "Other", "2027 spring", LATER, replyTo));
    assertRefused(Course.EXISTS, second);
    assertEquals("CS101", summary().orElseThrow().code(), "the first create stands");
  }

  @Test
  void anUnknownCourseHasNoSummaryNoRosterAndNoMembers() {
    assertEquals(Optional.empty(), summary());
    assertEquals(Map.of(), roster());
    assertEquals(new Course.Membership(false, Optional.empty()), membership("ada"));
  }

  @Test
  void everyChangeToAnUnknownCourseIsRefusedAsMissingAndPersistsNothing() {
    assertRefused(
        Course.MISSING,
        course.<StatusReply<Course.Summary>>runCommand(
            replyTo -> new Course.Revise("CS101", "Programming", "2026 autumn", LATER, replyTo)));
    assertRefused(Course.MISSING, enrol(Map.of("ada", CourseRole.STUDENT)));
    assertRefused(Course.MISSING, remove("ada"));
    assertRefused(Course.MISSING, attach("a1"));
    assertEquals(Optional.empty(), summary());
  }

  @Test
  void aRevisionChangesCodeTitleAndTermButKeepsTheCreationTimeRosterAndAssignments() {
    create();
    enrol(Map.of("ada", CourseRole.STUDENT));
    attach("a1");
    var revised =
        course.<StatusReply<Course.Summary>>runCommand(
            replyTo -> new Course.Revise("CS102", "Programming II", "2027 spring", LATER, replyTo));
    assertEquals(
        new Course.Summary("c1", "CS102", "Programming II", "2027 spring", List.of("a1"), CREATED),
        revised.reply().getValue());
    assertEquals(
        List.of(new Course.CourseRevised("CS102", "Programming II", "2027 spring", LATER)),
        revised.events());
    assertEquals(Map.of("ada", CourseRole.STUDENT), roster());
  }

  @Test
  void anEnrolmentAddsEveryMemberWithTheirRoleInUsernameOrder() {
    create();
    var enrolled =
        enrol(
            Map.of("tess", CourseRole.TA, "ada", CourseRole.STUDENT, "ins", CourseRole.INSTRUCTOR));
    assertTrue(enrolled.reply().isSuccess());
    assertEquals(
        List.of(
            new Course.MemberEnrolled("ada", CourseRole.STUDENT, LATER, "ins"),
            new Course.MemberEnrolled("ins", CourseRole.INSTRUCTOR, LATER, "ins"),
            new Course.MemberEnrolled("tess", CourseRole.TA, LATER, "ins")),
        enrolled.events());
    assertEquals(
        Map.of("ada", CourseRole.STUDENT, "ins", CourseRole.INSTRUCTOR, "tess", CourseRole.TA),
        roster());
    assertEquals(new Course.Membership(true, Optional.of(CourseRole.TA)), membership("tess"));
    assertEquals(new Course.Membership(true, Optional.empty()), membership("bob"), "not a member");
  }

  @Test
  void reEnrollingAMemberWithTheSameRolePersistsNothingButAcknowledges() {
    create();
    enrol(Map.of("ada", CourseRole.STUDENT));
    var again = enrol(Map.of("ada", CourseRole.STUDENT));
    assertTrue(again.reply().isSuccess());
    assertTrue(again.hasNoEvents(), "nothing changed: " + again.events());
    var empty = enrol(Map.of());
    assertTrue(empty.reply().isSuccess());
    assertTrue(empty.hasNoEvents());
  }

  @Test
  void enrollingAMemberWithAnotherRoleChangesOnlyTheirRole() {
    create();
    enrol(Map.of("ada", CourseRole.STUDENT, "bob", CourseRole.STUDENT));
    var promoted = enrol(Map.of("ada", CourseRole.TA, "bob", CourseRole.STUDENT));
    assertEquals(
        List.of(new Course.MemberEnrolled("ada", CourseRole.TA, LATER, "ins")), promoted.events());
    assertEquals(Map.of("ada", CourseRole.TA, "bob", CourseRole.STUDENT), roster());
  }

  @Test
  void aRemovedMemberLeavesTheRosterAndMayBeEnrolledAgain() {
    create();
    enrol(Map.of("ada", CourseRole.STUDENT, "bob", CourseRole.STUDENT));
    var removed = remove("ada");
    assertTrue(removed.reply().isSuccess());
    assertEquals(List.of(new Course.MemberRemoved("ada", LATER, "ins")), removed.events());
    assertEquals(Map.of("bob", CourseRole.STUDENT), roster());
    assertEquals(new Course.Membership(true, Optional.empty()), membership("ada"));
    assertEquals(1, enrol(Map.of("ada", CourseRole.STUDENT)).events().size());
    assertEquals(Map.of("ada", CourseRole.STUDENT, "bob", CourseRole.STUDENT), roster());
  }

  @Test
  void removingSomeoneNotOnTheRosterIsRefusedAsMissingAndPersistsNothing() {
    create();
    enrol(Map.of("ada", CourseRole.STUDENT));
    assertRefused(Course.MISSING, remove("bob"));
    remove("ada");
    assertRefused(Course.MISSING, remove("ada"));
  }

  @Test
  void assignmentsAreListedInTheOrderTheyWereAttachedAndEachOnlyOnce() {
    create();
    assertEquals(List.of(new Course.AssignmentAttached("a2")), attach("a2").events());
    attach("a1");
    var again = attach("a2");
    assertTrue(again.reply().isSuccess(), "attaching again is acknowledged");
    assertTrue(again.hasNoEvents(), "and persists nothing: " + again.events());
    assertEquals(List.of("a2", "a1"), summary().orElseThrow().assignments());
  }

  @Test
  void anUnknownActorIsRecordedAsUnknownAsInJournalsFromBeforeActorsWereRecorded() {
    create();
    var enrolled =
        course.<StatusReply<Done>>runCommand(
            replyTo -> new Course.Enrol(Map.of("ada", CourseRole.STUDENT), null, LATER, replyTo));
    assertEquals(ActingUser.UNKNOWN, ((Course.MemberEnrolled) enrolled.events().get(0)).actor());
    var removed =
        course.<StatusReply<Done>>runCommand(
            replyTo -> new Course.Remove("ada", null, LATER, replyTo));
    assertEquals(ActingUser.UNKNOWN, ((Course.MemberRemoved) removed.events().get(0)).actor());
  }

  @Test
  void theCourseItsRosterAndItsAssignmentsAreTheSameAfterARestart() {
    create();
    course.<StatusReply<Course.Summary>>runCommand(
        replyTo -> new Course.Revise("CS102", "Programming II", "2027 spring", LATER, replyTo));
    enrol(
        Map.of("ada", CourseRole.STUDENT, "bob", CourseRole.STUDENT, "ins", CourseRole.INSTRUCTOR));
    enrol(Map.of("bob", CourseRole.TA));
    remove("ada");
    attach("a1");
    attach("a2");
    Course.State before = course.getState();
    assertEquals(before, course.restart().state());
    assertEquals(Map.of("bob", CourseRole.TA, "ins", CourseRole.INSTRUCTOR), roster());
    assertEquals(
        new Course.Summary(
            "c1", "CS102", "Programming II", "2027 spring", List.of("a1", "a2"), CREATED),
        summary().orElseThrow());
  }
}
