package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.Progress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseBookTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private final LeaseBook<String> book = new LeaseBook<>();

  private static JobLease lease(String id, int attempt, String runnerId) {
    GradingJob job =
        new GradingJob(id, "a1", "ada", "default", "spec", "files", 1, T0, JobPriority.INTERACTIVE);
    for (int a = 1; a < attempt; a++) {
      job = job.nextAttempt();
    }
    return new JobLease(job, runnerId, null, 1000);
  }

  private static LeaseBook.Held<String> held(String id, String runner, Instant deadline) {
    return new LeaseBook.Held<>(lease(id, 1, runner), runner, deadline, T0, Progress.STARTING);
  }

  @Test
  void aHeldLeaseRunsUntilReleasedAndCountsAsARunningSlotOnlyWithAKnownHolder() {
    book.hold(held("s1", "r1", T0.plusSeconds(30)));
    book.hold(
        new LeaseBook.Held<>(
            lease("s2", 1, "r2"), null, T0.plusSeconds(30), T0, Progress.STARTING));
    assertTrue(book.leased("s1"));
    assertEquals(2, book.leaseCount());
    assertEquals(1, book.runningSlots(), "a lease rebuilt after a failover counts once renewed");
    assertEquals("r1", book.release("s1").runner());
    assertFalse(book.leased("s1"));
    assertNull(book.running("s1"));
  }

  @Test
  void expiredLeasesAreThoseWhoseDeadlinePassedAndGraceMarksThemOverdue() {
    book.hold(held("late", "r1", T0.plusSeconds(5)));
    book.hold(held("fine", "r1", T0.plusSeconds(60)));
    List<LeaseBook.Held<String>> expired = book.expired(T0.plusSeconds(10));
    assertEquals(List.of("late"), expired.stream().map(h -> h.lease().submissionId()).toList());
    LeaseBook.Held<String> graced = expired.get(0).graced(T0.plusSeconds(20));
    assertTrue(graced.overdue());
    book.hold(graced);
    assertEquals(List.of(), book.expired(T0.plusSeconds(10)));
    assertFalse(
        graced.renewed("r1", Progress.STARTING, T0.plusSeconds(40)).overdue(),
        "a renewal ends the grace");
  }

  @Test
  void leasesAreFoundByTheirHolder() {
    book.hold(held("s1", "node-a/1", T0.plusSeconds(30)));
    book.hold(held("s2", "node-a/2", T0.plusSeconds(30)));
    book.hold(held("s3", "node-b/1", T0.plusSeconds(30)));
    assertEquals(1, book.heldBy("node-a/2").size());
    assertEquals(2, book.heldWhere(r -> r.startsWith("node-a")).size());
  }

  @Test
  void aJobBeingRecordedStillRunsAndItsReporterIsKnownUntilItEndsAndIsForgotten() {
    LeaseBook.Held<String> h = held("s1", "r1", T0.plusSeconds(30));
    book.hold(h);
    book.release("s1");
    book.recordingStarted(h);
    book.ended("s1", 1, "r1", T0.plusSeconds(3));
    assertEquals(h, book.running("s1"), "shown running where it was, not starting again");
    assertTrue(book.reportedBy(lease("s1", 1, "r1"), "r1"));
    assertFalse(book.reportedBy(lease("s1", 1, "r1"), "r2"), "not by another runner");
    assertFalse(book.reportedBy(lease("s1", 2, "r1"), "r1"), "not another attempt");
    assertEquals(h, book.recordingDone("s1"));
    assertTrue(book.reportedBy(lease("s1", 1, "r1"), "r1"), "ended: the repeat is still known");
    book.forgetEndedBefore(T0.plusSeconds(2));
    assertTrue(book.hasEnded("s1"));
    book.forgetEndedBefore(T0.plusSeconds(4));
    assertFalse(book.hasEnded("s1"));
    assertFalse(book.reportedBy(lease("s1", 1, "r1"), "r1"));
  }

  @Test
  void anUnclaimedJobIsClaimedOnce() {
    book.unclaimed("s1");
    assertTrue(book.isUnclaimed("s1"));
    book.claimed("s1");
    assertFalse(book.isUnclaimed("s1"));
  }

  @Test
  void lossesWithRunnerNodesAreCountedPerJobUntilForgotten() {
    assertEquals(0, book.lossesOf("s1"));
    assertEquals(1, book.lost("s1"));
    assertEquals(2, book.lost("s1"));
    assertEquals(2, book.lossesOf("s1"));
    book.forgetLosses("s1");
    assertEquals(0, book.lossesOf("s1"));
  }
}
