package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerActorTest {
  @Test
  void aRunnerDowningDelayThatIsNotPositiveIsRefused() {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5)}) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> new SchedulerActor.Settings(Map.of(), bad));
      assertTrue(
          e.getMessage().contains("down-unreachable-runners-after must be positive"),
          e.getMessage());
    }
  }
}
