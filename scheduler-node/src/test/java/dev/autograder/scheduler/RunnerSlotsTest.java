package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerSlotsTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private final RunnerSlots<String> slots = new RunnerSlots<>(Duration.ofSeconds(10));

  private static String node(String runner) {
    return runner.substring(0, runner.indexOf('/'));
  }

  private Optional<String> next(Instant now) {
    return slots.next(now, r -> true).map(RunnerSlots.Offer::runner);
  }

  @Test
  void runnersAreOfferedJobsInTheOrderTheyFirstAskedAndAskingAgainKeepsTheirPlace() {
    slots.asked("a/1", "a/1", 2, T0);
    slots.asked("b/1", "b/1", 1, T0.plusSeconds(1));
    slots.asked("a/1", "a/1", 2, T0.plusSeconds(2));
    assertEquals(Optional.of("a/1"), next(T0.plusSeconds(3)));
    assertEquals(Optional.of("b/1"), next(T0.plusSeconds(3)));
    assertEquals(Optional.empty(), next(T0.plusSeconds(3)));
  }

  @Test
  void aRunnerThatStoppedAskingIsOfferedNothingAndIsDroppedFromTheLine() {
    slots.asked("a/1", "a/1", 1, T0);
    slots.asked("b/1", "b/1", 1, T0.plusSeconds(8));
    assertEquals(Optional.of("b/1"), next(T0.plusSeconds(11)), "a/1 asked 11 s ago, over the 10 s");
    assertFalse(slots.anyIdle());
    slots.asked("c/1", "c/1", 1, T0);
    slots.prune(T0.plusSeconds(11));
    assertEquals(0, slots.idleCount());
  }

  @Test
  void aRunnerWhoseNodeMayNotServeIsPassedOverAndLeavesTheLine() {
    slots.asked("sick/1", "sick/1", 1, T0);
    slots.asked("well/1", "well/1", 1, T0);
    var offer = slots.next(T0, r -> !r.startsWith("sick"));
    assertEquals(Optional.of(new RunnerSlots.Offer<>("well/1", "well/1")), offer);
    assertFalse(slots.anyIdle(), "the sick node's slot asks again, and is heard once it may serve");
  }

  @Test
  void aGoneRunnerTakesItsNodesOtherIdleSlotsOutOfLineButNotOthers() {
    slots.asked("a/1", "a/1", 2, T0);
    slots.asked("a/2", "a/2", 2, T0);
    slots.asked("b/1", "b/1", 1, T0);
    slots.gone("a/1");
    slots.dropIdleOnNodeOf("a/1", RunnerSlotsTest::node);
    assertEquals(1, slots.idleCount());
    assertEquals(Optional.of("b/1"), next(T0));
  }

  @Test
  void slotsAreCountedByNodeAsTheirRunnersAnnouncedThem() {
    slots.asked("a/1", "a/1", 2, T0);
    slots.asked("a/2", "a/2", 2, T0);
    slots.asked("b/1", "b/1", 4, T0);
    assertEquals(Map.of("a", 2, "b", 4), slots.slotsByNode(RunnerSlotsTest::node));
    slots.gone("b/1");
    assertEquals(Map.of("a", 2), slots.slotsByNode(RunnerSlotsTest::node));
  }

  @Test
  void aRefusedRunnerIsToldOnceAMinuteAndAskingWhenServingForgetsTheRefusal() {
    assertTrue(slots.refusedFirstTime("a/1", T0));
    assertFalse(slots.refusedFirstTime("a/1", T0.plusSeconds(5)));
    slots.prune(T0.plusSeconds(61));
    assertTrue(slots.refusedFirstTime("a/1", T0.plusSeconds(62)), "told again after a minute");
    slots.asked("a/1", "a/1", 1, T0.plusSeconds(63));
    assertTrue(
        slots.refusedFirstTime("a/1", T0.plusSeconds(64)),
        "a new refusal once it served in between");
  }
}
