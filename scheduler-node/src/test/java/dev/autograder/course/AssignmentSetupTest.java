package dev.autograder.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autograder.EntityTestKit;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.grading.SetupReport;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Assignment entity's setup: pending from an upload until its check's report, final once
 * recorded.
 */
class AssignmentSetupTest {
  private static final ActorTestKit testKit = EntityTestKit.create(AssignmentSetupTest.class);
  private static final AssignmentRules RULES =
      new AssignmentRules(
          "", null, Instant.parse("2030-01-01T00:00:00Z"), null, 0, null, null, true, false, null);
  private static final SetupReport READY =
      new SetupReport(true, "built", 2000, List.of("a warning"), List.of());

  private final EventSourcedBehaviorTestKit<Assignment.Command, Assignment.Event, Assignment.State>
      entity = EventSourcedBehaviorTestKit.create(testKit.system(), Assignment.create("a1"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private AssignmentSetup create(boolean check) {
    return entity
        .<StatusReply<Assignment.Details>>runCommand(
            replyTo ->
                new Assignment.Create(
                    "c1", "T", "default", "spec-1", check, RULES, "ins", Instant.now(), replyTo))
        .reply()
        .getValue()
        .setup();
  }

  private AssignmentSetup record(int version, SetupReport report) {
    entity.<StatusReply<Done>>runCommand(
        replyTo -> new Assignment.RecordSetupCheck(version, report, Instant.now(), replyTo));
    return setup();
  }

  private AssignmentSetup setup() {
    return entity
        .<Assignment.Lookup>runCommand(Assignment.Get::new)
        .reply()
        .assignment()
        .orElseThrow()
        .setup();
  }

  @Test
  void anUploadThatIsCheckedIsPendingUntilItsReportAndKeepsItAfterARestart() {
    assertEquals(AssignmentSetup.Status.PENDING, create(true).status());
    AssignmentSetup ready = record(1, READY);
    assertEquals(AssignmentSetup.Status.READY, ready.status());
    assertEquals(2000, ready.report().timeLimitMillis());
    entity.restart();
    assertEquals(ready, setup());
  }

  @Test
  void aFailedCheckIsFinalAndALateSecondReportChangesNothing() {
    create(true);
    assertEquals(
        AssignmentSetup.Status.FAILED,
        record(1, SetupReport.failed("setup.sh exited with 3")).status());
    assertEquals(
        AssignmentSetup.Status.FAILED,
        record(1, READY).status(),
        "a second report of the same check");
    assertEquals("setup.sh exited with 3", setup().report().log());
  }

  @Test
  void aNewSpecIsCheckedAnewAndAReportOfTheOldOneIsDropped() {
    create(true);
    record(1, READY);
    entity.<StatusReply<Assignment.Details>>runCommand(
        replyTo ->
            new Assignment.Revise(
                "T", "default", "spec-2", true, RULES, "ins", Instant.now(), replyTo));
    assertEquals(
        new AssignmentSetup(AssignmentSetup.Status.PENDING, 2, null, setup().at()), setup());
    assertEquals(
        AssignmentSetup.Status.PENDING, record(1, READY).status(), "the old version's report");
    assertEquals(AssignmentSetup.Status.READY, record(2, READY).status());
    entity.<StatusReply<Assignment.Details>>runCommand(
        replyTo ->
            new Assignment.Revise(
                "T2", "default", "spec-2", true, RULES, "ins", Instant.now(), replyTo));
    assertEquals(
        AssignmentSetup.Status.READY, setup().status(), "the same spec is not checked again");
  }

  @Test
  void aSpecThatNeedsNoCheckAndAJournalFromBeforeChecksAreReady() {
    AssignmentSetup unchecked = create(false);
    assertEquals(AssignmentSetup.Status.READY, unchecked.status());
    assertNull(unchecked.report());
    entity.restart();
    assertEquals(
        AssignmentSetup.UNCHECKED, setup(), "AssignmentCreated alone, as old journals have it");
  }
}
