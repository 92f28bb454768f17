package dev.autograder.scheduler;

import static dev.autograder.scheduler.RecentHistoryTest.health;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.queue.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeHealthBookTest {
  private static final String A = "pekko://autograder@10.0.0.1:2552";
  private static final String B = "pekko://autograder@10.0.0.2:2552";
  private static final long GIB = 1L << 30;

  private final NodeHealthBook book = new NodeHealthBook(Duration.ofSeconds(30));
  private final Instant now = Instant.parse("2026-12-07T06:00:00Z");

  @Test
  void aNodeWhoseEngineAnswersSlowlyIsUnhealthyUntilItAnswersInTimeAgain() {
    book.report(health("r1", A, 10, 5 * GIB), now);
    book.report(health("r2", B, 10, 5 * GIB), now);
    assertEquals(Set.of(), book.unhealthy());

    book.report(health("r1", A, 2_500, 5 * GIB), now.plusSeconds(5));
    assertEquals(Set.of(A), book.unhealthy());
    Telemetry.NodeState r1 = book.states(now.plusSeconds(6)).get(0);
    assertFalse(r1.healthy());
    assertTrue(r1.problem().contains("2500 ms"), r1.problem());
    assertEquals(1000, r1.ageMillis());

    book.report(health("r1", A, -1, 5 * GIB), now.plusSeconds(10));
    assertTrue(book.states(now.plusSeconds(10)).get(0).problem().contains("does not answer"));

    book.report(health("r1", A, 12, 5 * GIB), now.plusSeconds(15));
    assertEquals(Set.of(), book.unhealthy());
    assertNull(book.states(now.plusSeconds(15)).get(0).problem());
  }

  @Test
  void aNodeWithLessFreeDiskThanItsMinimumIsUnhealthy() {
    book.report(health("r1", A, 10, GIB / 2), now);
    assertEquals(Set.of(A), book.unhealthy());
    assertTrue(book.states(now).get(0).problem().contains("512 MiB of disk free"));
  }

  @Test
  void aNodeThatStopsReportingIsForgotten() {
    book.report(health("r1", A, 2_500, 5 * GIB), now);
    book.report(health("r2", B, 10, 5 * GIB), now.plusSeconds(20));
    assertFalse(book.forgetSilent(now.plusSeconds(30)));
    assertTrue(book.forgetSilent(now.plusSeconds(31)));
    assertEquals(Set.of(), book.unhealthy());
    assertEquals(1, book.states(now.plusSeconds(31)).size());
  }
}
