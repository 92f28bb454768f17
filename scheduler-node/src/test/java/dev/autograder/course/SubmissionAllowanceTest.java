package dev.autograder.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.EntityTestKit;
import dev.autograder.course.rules.SubmissionLimit;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The submission limit: runs in a sliding window; refused and failed runs cost nothing. */
class SubmissionAllowanceTest {
  private static final ActorTestKit testKit = EntityTestKit.create(SubmissionAllowanceTest.class);
  private static final SubmissionLimit TWO_A_DAY = new SubmissionLimit(2, 24);
  private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

  private final EventSourcedBehaviorTestKit<
          SubmissionAllowance.Command, SubmissionAllowance.Event, SubmissionAllowance.State>
      allowance =
          EventSourcedBehaviorTestKit.create(
              testKit.system(), SubmissionAllowance.create("hello:ada"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private SubmissionAllowance.Usage reserve(String id, Instant at) {
    return allowance
        .<SubmissionAllowance.Usage>runCommand(
            r -> new SubmissionAllowance.Reserve(id, TWO_A_DAY, at, r))
        .reply();
  }

  private void commit(String id, Instant at) {
    allowance.<SubmissionAllowance.Usage>runCommand(r -> new SubmissionAllowance.Commit(id, at, r));
  }

  @Test
  void twoRunsADayThenRefusedUntilTheFirstLeavesTheWindow() {
    assertTrue(reserve("s1", NOON).granted());
    commit("s1", NOON);
    assertTrue(reserve("s2", NOON.plusSeconds(60)).granted());
    commit("s2", NOON.plusSeconds(60));
    SubmissionAllowance.Usage third = reserve("s3", NOON.plusSeconds(120));
    assertFalse(third.granted());
    assertEquals(NOON.plusSeconds(24 * 3600), third.resetAt());
    assertTrue(reserve("s4", NOON.plusSeconds(24 * 3600 + 1)).granted());
  }

  @Test
  void aReservationInFlightCountsAndAReleasedOneCostsNothing() {
    assertTrue(reserve("s1", NOON).granted());
    assertTrue(reserve("s2", NOON).granted());
    assertFalse(reserve("s3", NOON).granted(), "two in flight use up the limit");
    allowance.runCommand(new SubmissionAllowance.Release("s2"));
    assertTrue(reserve("s3", NOON).granted(), "a refused submission gave its run back");
  }

  @Test
  void anInfrastructureErrorGivesTheRunBackOnceAndSurvivesARestart() {
    reserve("s1", NOON);
    commit("s1", NOON);
    reserve("s2", NOON);
    commit("s2", NOON);
    allowance.runCommand(new SubmissionAllowance.ReturnRun("s2", NOON));
    allowance.runCommand(new SubmissionAllowance.ReturnRun("s2", NOON));
    allowance.restart();
    assertTrue(reserve("s3", NOON.plusSeconds(1)).granted());
    assertFalse(reserve("s4", NOON.plusSeconds(2)).granted());
  }
}
