package dev.autograder.course;

import static dev.autograder.EntityTestKit.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.EntityTestKit;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.Visibility;
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

/**
 * The Assignment entity: creation, revisions and spec versions, extensions, and recovery. How a
 * spec's setup check goes from pending to its report is AssignmentSetupTest's.
 */
class AssignmentTest {
  private static final ActorTestKit testKit = EntityTestKit.create(AssignmentTest.class);
  private static final Instant CREATED = Instant.parse("2026-09-01T08:00:00Z");
  private static final Instant LATER = Instant.parse("2026-09-02T08:00:00Z");
  private static final Instant DUE = Instant.parse("2026-10-01T22:00:00Z");
  private static final AssignmentRules RULES =
      new AssignmentRules("first", null, DUE, null, 0, null, null, false, false, null);
  private static final AssignmentRules REVISED_RULES =
      new AssignmentRules(
          "second",
          CREATED,
          DUE,
          DUE.plusSeconds(86_400),
          10,
          new SubmissionLimit(3, 24),
          Visibility.HIDDEN,
          true,
          true,
          CountedSubmission.BEST);
  private static final SetupReport READY =
      new SetupReport(true, "built", 2000, List.of(), List.of());

  private final EventSourcedBehaviorTestKit<Assignment.Command, Assignment.Event, Assignment.State>
      assignment = EventSourcedBehaviorTestKit.create(testKit.system(), Assignment.create("a1"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    assignment.clear();
  }

  private CommandResultWithReply<
          Assignment.Command, Assignment.Event, Assignment.State, StatusReply<Assignment.Details>>
      create(boolean checkSetup) {
    return assignment.runCommand(
        replyTo ->
            new Assignment.Create(
                "c1", "Hello", "default", "spec-1", checkSetup, RULES, "ins", CREATED, replyTo));
  }

  private CommandResultWithReply<
          Assignment.Command, Assignment.Event, Assignment.State, StatusReply<Assignment.Details>>
      revise(String title, String specHash, boolean checkSetup) {
    return assignment.runCommand(
        replyTo ->
            new Assignment.Revise(
                title, "gradescope", specHash, checkSetup, REVISED_RULES, "tess", LATER, replyTo));
  }

  private CommandResultWithReply<
          Assignment.Command, Assignment.Event, Assignment.State, StatusReply<Assignment.Details>>
      extend(Extension extension) {
    return assignment.runCommand(
        replyTo -> new Assignment.GrantExtension(extension, "tess", LATER, replyTo));
  }

  private CommandResultWithReply<
          Assignment.Command, Assignment.Event, Assignment.State, StatusReply<Done>>
      report(int specVersion) {
    return assignment.runCommand(
        replyTo -> new Assignment.RecordSetupCheck(specVersion, READY, LATER, replyTo));
  }

  private Optional<Assignment.Details> details() {
    return assignment.<Assignment.Lookup>runCommand(Assignment.Get::new).reply().assignment();
  }

  @Test
  void aCreatedAssignmentIsAtSpecVersionOneWithNoExtensions() {
    var created = create(false);
    Assignment.Details expected =
        new Assignment.Details(
            "a1",
            "c1",
            "Hello",
            "default",
            "spec-1",
            1,
            RULES,
            Map.of(),
            CREATED,
            AssignmentSetup.UNCHECKED);
    assertEquals(expected, created.reply().getValue());
    assertEquals(
        List.of(
            new Assignment.AssignmentCreated(
                "a1", "c1", "Hello", "default", "spec-1", RULES, CREATED, "ins")),
        created.events());
    assertEquals(Optional.of(expected), details());
  }

  @Test
  void aCreationWhoseSetupIsCheckedAlsoPersistsTheStartOfItsCheck() {
    assertEquals(
        List.of(
            new Assignment.AssignmentCreated(
                "a1", "c1", "Hello", "default", "spec-1", RULES, CREATED, "ins"),
            new Assignment.SetupCheckStarted(1, CREATED)),
        create(true).events());
  }

  @Test
  void aSecondCreateOfTheSameAssignmentIsRefusedAndPersistsNothing() {
    create(false);
    var second =
        assignment.<StatusReply<Assignment.Details>>runCommand(
            replyTo ->
                new Assignment.Create(
                    "c2",
                    "Other",
                    "default",
                    "spec-9",
                    true,
                    REVISED_RULES,
                    "ins",
                    LATER,
                    replyTo));
    assertRefused(Assignment.EXISTS, second);
    Assignment.Details kept = details().orElseThrow();
    assertEquals(
        List.of("c1", "Hello", "spec-1"), List.of(kept.courseId(), kept.title(), kept.specHash()));
  }

  @Test
  void anUnknownAssignmentIsEmptyAndItsRevisionsAndExtensionsAreRefusedAsMissing() {
    assertEquals(Optional.empty(), details());
    assertRefused(Assignment.MISSING, revise("Hello", "spec-1", false));
    assertRefused(Assignment.MISSING, extend(new Extension("ada", DUE, null)));
    assertEquals(Optional.empty(), details());
  }

  @Test
  void aSetupReportForAnUnknownAssignmentIsAcknowledgedAndDropped() {
    var dropped = report(1);
    assertTrue(dropped.reply().isSuccess());
    assertTrue(dropped.hasNoEvents(), "nothing awaited it: " + dropped.events());
    assertEquals(Optional.empty(), details());
  }

  @Test
  void aRevisionWithTheSameSpecChangesTitleFlavourAndRulesButNotTheSpecVersion() {
    create(false);
    var revised = revise("Hello again", "spec-1", true);
    assertEquals(
        List.of(
            new Assignment.AssignmentRevised(
                "Hello again", "gradescope", "spec-1", 1, REVISED_RULES, LATER, "tess")),
        revised.events(),
        "the same spec is not checked again");
    assertEquals(
        new Assignment.Details(
            "a1",
            "c1",
            "Hello again",
            "gradescope",
            "spec-1",
            1,
            REVISED_RULES,
            Map.of(),
            CREATED,
            AssignmentSetup.UNCHECKED),
        revised.reply().getValue());
  }

  @Test
  void everyNewSpecIsANewVersionEvenOneThatWasUsedBefore() {
    create(false);
    assertEquals(2, revise("Hello", "spec-2", false).reply().getValue().specVersion());
    assertEquals(2, revise("Hello", "spec-2", false).reply().getValue().specVersion());
    Assignment.Details back = revise("Hello", "spec-1", false).reply().getValue();
    assertEquals("spec-1", back.specHash());
    assertEquals(3, back.specVersion(), "going back to an earlier spec is a new version too");
  }

  @Test
  void aNewSpecWithASetupCheckPersistsTheStartOfItsCheckForTheNewVersion() {
    create(false);
    assertEquals(
        List.of(
            new Assignment.AssignmentRevised(
                "Hello", "gradescope", "spec-2", 2, REVISED_RULES, LATER, "tess"),
            new Assignment.SetupCheckStarted(2, LATER)),
        revise("Hello", "spec-2", true).events());
  }

  @Test
  void aRevisionOfThePendingSpecKeepsItPending() {
    create(true);
    revise("Hello again", "spec-1", true);
    assertEquals(
        new AssignmentSetup(AssignmentSetup.Status.PENDING, 1, null, CREATED),
        details().orElseThrow().setup());
  }

  @Test
  void aNewSpecThatNeedsNoCheckIsReadyAtOnceAndTheOldVersionsLateReportIsDropped() {
    create(true);
    Assignment.Details revised = revise("Hello", "spec-2", false).reply().getValue();
    assertEquals(
        AssignmentSetup.UNCHECKED, revised.setup(), "no longer waiting for spec-1's check");
    var late = report(1);
    assertTrue(late.reply().isSuccess());
    assertTrue(late.hasNoEvents(), "spec-1's check is no longer awaited: " + late.events());
    assertEquals(AssignmentSetup.UNCHECKED, details().orElseThrow().setup());
  }

  @Test
  void anExtensionIsPersistedWithWhoGrantedItAndShownByStudent() {
    create(false);
    Extension ada = new Extension("ada", DUE.plusSeconds(3_600), null);
    var granted = extend(ada);
    assertEquals(List.of(new Assignment.ExtensionGranted(ada, LATER, "tess")), granted.events());
    assertEquals(Map.of("ada", ada), granted.reply().getValue().extensions());
  }

  @Test
  void aLaterExtensionForTheSameStudentReplacesTheirEarlierOneAndLeavesOthers() {
    create(false);
    Extension bob = new Extension("bob", DUE.plusSeconds(7_200), DUE.plusSeconds(86_400));
    extend(new Extension("ada", DUE.plusSeconds(3_600), null));
    extend(bob);
    Extension adaAgain = new Extension("ada", DUE.plusSeconds(172_800), DUE.plusSeconds(259_200));
    assertEquals(
        Map.of("ada", adaAgain, "bob", bob), extend(adaAgain).reply().getValue().extensions());
  }

  @Test
  void extensionsOutliveARevisionOfTheSpecAndRules() {
    create(false);
    Extension ada = new Extension("ada", DUE.plusSeconds(3_600), null);
    extend(ada);
    assertEquals(
        Map.of("ada", ada), revise("Hello", "spec-2", true).reply().getValue().extensions());
  }

  @Test
  void theAssignmentItsSpecVersionSetupAndExtensionsAreTheSameAfterARestart() {
    create(true);
    report(1);
    revise("Hello again", "spec-2", true);
    extend(new Extension("ada", DUE.plusSeconds(3_600), null));
    revise("Hello again", "spec-2", true);
    Assignment.State before = assignment.getState();
    assertEquals(before, assignment.restart().state());
    Assignment.Details after = details().orElseThrow();
    assertEquals(2, after.specVersion());
    assertEquals(
        new AssignmentSetup(AssignmentSetup.Status.PENDING, 2, null, LATER), after.setup());
    assertEquals(List.of("ada"), List.copyOf(after.extensions().keySet()));
  }
}
