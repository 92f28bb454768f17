package dev.autograder.course.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Due dates, late days rounded up, penalties capped, and extensions. */
class AssignmentRulesTest {
  private static final Instant DUE = Instant.parse("2026-11-23T17:00:00Z");
  private final AssignmentRules rules =
      new AssignmentRules(
          "", null, DUE, DUE.plusSeconds(3 * 86400), 30, null, null, true, false, null);

  @Test
  void rulesFromBeforeTheCountedSubmissionCountTheLatest() throws Exception {
    String old =
        "{\"description\":\"\",\"dueAt\":\"2026-11-23T17:00:00Z\",\"latePenaltyPercentPerDay\":0,"
            + "\"published\":true,\"gradesPublished\":false}";
    AssignmentRules read =
        new ObjectMapper().findAndRegisterModules().readValue(old, AssignmentRules.class);
    assertEquals(CountedSubmission.LATEST, read.countedSubmission());
  }

  @Test
  void onTimeIsNotLateAndAnySecondLateStartsADay() {
    assertEquals(Lateness.ON_TIME, rules.lateness(DUE, null));
    assertEquals(new Lateness(1, 30), rules.lateness(DUE.plusSeconds(1), null));
    assertEquals(new Lateness(1, 30), rules.lateness(DUE.plusSeconds(86400), null));
    assertEquals(new Lateness(2, 60), rules.lateness(DUE.plusSeconds(86401), null));
  }

  @Test
  void thePenaltyNeverTakesMoreThanEverything() {
    assertEquals(new Lateness(4, 100), rules.lateness(DUE.plusSeconds(3 * 86400 + 5), null));
    assertEquals(0.0, new Lateness(4, 100).apply(10));
    assertEquals(7.0, new Lateness(1, 30).apply(10), 1e-9);
  }

  @Test
  void anExtensionMovesTheStudentsOwnDeadlines() {
    Extension extension = new Extension("ada", DUE.plusSeconds(86400), null);
    assertEquals(Lateness.ON_TIME, rules.lateness(DUE.plusSeconds(3600), extension));
    assertEquals(
        DUE.plusSeconds(86400),
        rules.closesAt(extension),
        "no late period unless the extension gives one");
    assertEquals(DUE.plusSeconds(3 * 86400), rules.closesAt(null));
  }
}
