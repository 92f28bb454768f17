package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.queue.WaitPercentiles;
import org.junit.jupiter.api.Test;

/** Wait percentiles over the most recent jobs only. */
class RecentWaitsTest {
  @Test
  void percentilesAreNearestRanksOfTheLastJobs() {
    RecentWaits waits = new RecentWaits(100);
    assertEquals(WaitPercentiles.NONE, waits.percentiles());
    for (int i = 1; i <= 100; i++) {
      waits.add(i);
    }
    assertEquals(new WaitPercentiles(50, 90, 99, 100), waits.percentiles());
    for (int i = 0; i < 100; i++) {
      waits.add(1000);
    }
    assertEquals(
        new WaitPercentiles(1000, 1000, 1000, 100), waits.percentiles(), "older jobs have left");
  }
}
