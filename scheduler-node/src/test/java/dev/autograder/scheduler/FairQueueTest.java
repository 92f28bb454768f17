package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FairQueueTest {
  private final FairQueue queue = new FairQueue();

  private static GradingJob job(String id, String student, JobPriority priority) {
    return new GradingJob(
        id, "a1", student, "default", "spec", "files", 1, Instant.now(), priority);
  }

  private List<String> drain() {
    List<String> order = new ArrayList<>();
    for (Optional<GradingJob> j = queue.poll(); j.isPresent(); j = queue.poll()) {
      order.add(j.get().submissionId());
    }
    return order;
  }

  @Test
  void studentsTakeTurnsSoOneStudentsBurstDoesNotDelayAnother() {
    for (int i = 1; i <= 20; i++) {
      queue.add(job("a" + i, "alice", JobPriority.INTERACTIVE));
    }
    queue.add(job("b1", "bob", JobPriority.INTERACTIVE));
    assertEquals(Optional.of(1), queue.ahead("b1"), "bob's job goes out second");
    List<String> order = drain();
    assertEquals(List.of("a1", "b1", "a2", "a3"), order.subList(0, 4));
    assertEquals(21, order.size());
  }

  @Test
  void aPositionCountsEveryJobThatGoesOutBefore() {
    queue.add(job("a1", "alice", JobPriority.INTERACTIVE));
    queue.add(job("a2", "alice", JobPriority.INTERACTIVE));
    queue.add(job("a3", "alice", JobPriority.INTERACTIVE));
    queue.add(job("b1", "bob", JobPriority.INTERACTIVE));
    queue.add(job("c1", "carol", JobPriority.INTERACTIVE));
    queue.add(job("c2", "carol", JobPriority.INTERACTIVE));
    queue.add(job("r1", "bob", JobPriority.REGRADE));
    List<String> ids = List.of("a1", "a2", "a3", "b1", "c1", "c2", "r1");
    List<Integer> predicted = ids.stream().map(id -> queue.ahead(id).orElseThrow()).toList();
    List<String> order = drain();
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(
          order.indexOf(ids.get(i)),
          predicted.get(i),
          "position of " + ids.get(i) + " in " + order);
    }
  }

  @Test
  void interactiveSubmissionsGoBeforeRegrades() {
    queue.add(job("r1", "alice", JobPriority.REGRADE));
    queue.add(job("r2", "bob", JobPriority.REGRADE));
    queue.add(job("i1", "carol", JobPriority.INTERACTIVE));
    assertEquals(List.of("i1", "r1", "r2"), drain());
  }

  @Test
  void practiceRunsWaitBehindInteractiveSubmissionsAndRegrades() {
    queue.add(job("p1", "alice", JobPriority.PRACTICE));
    queue.add(job("r1", "bob", JobPriority.REGRADE));
    queue.add(job("p2", "carol", JobPriority.PRACTICE));
    queue.add(job("i1", "dave", JobPriority.INTERACTIVE));
    assertEquals(
        Optional.of(2),
        queue.ahead("p1"),
        "a practice run waits for the graded work queued after it");
    assertEquals(Optional.of(2), queue.aheadOfFirst("alice", JobPriority.PRACTICE));
    assertEquals(List.of("i1", "r1", "p1", "p2"), drain());
  }

  @Test
  void aRetriedJobGoesOutNextAndAJobIsQueuedOnce() {
    queue.add(job("a1", "alice", JobPriority.INTERACTIVE));
    queue.add(job("a1", "alice", JobPriority.INTERACTIVE));
    queue.add(job("b1", "bob", JobPriority.INTERACTIVE));
    queue.addFirst(job("x1", "xavier", JobPriority.REGRADE).nextAttempt());
    assertEquals(3, queue.size());
    assertEquals(List.of("x1", "a1", "b1"), drain());
    assertTrue(queue.isEmpty());
  }

  @Test
  void aRemovedJobNoLongerWaits() {
    queue.add(job("a1", "alice", JobPriority.INTERACTIVE));
    queue.add(job("a2", "alice", JobPriority.INTERACTIVE));
    assertTrue(queue.remove("a1"));
    assertEquals(Optional.empty(), queue.ahead("a1"));
    assertEquals(Optional.of(0), queue.ahead("a2"));
    assertEquals(List.of("a2"), drain());
  }

  @Test
  void eachStudentsWaitingJobsAreCountedByClassUntilTheyGoOut() {
    queue.add(job("a1", "alice", JobPriority.INTERACTIVE));
    queue.add(job("a2", "alice", JobPriority.INTERACTIVE));
    queue.add(job("a2", "alice", JobPriority.INTERACTIVE));
    queue.add(job("ra", "alice", JobPriority.REGRADE));
    queue.add(job("b1", "bob", JobPriority.INTERACTIVE));
    assertEquals(
        2, queue.waitingOf("alice", JobPriority.INTERACTIVE), "a job queued twice counts once");
    assertEquals(1, queue.waitingOf("alice", JobPriority.REGRADE), "a regrade is counted apart");
    assertEquals(0, queue.waitingOf("carol", JobPriority.INTERACTIVE));

    assertEquals("a1", queue.poll().orElseThrow().submissionId());
    assertEquals(
        1, queue.waitingOf("alice", JobPriority.INTERACTIVE), "a job handed out no longer waits");
    queue.addFirst(job("a1", "alice", JobPriority.INTERACTIVE).nextAttempt());
    assertEquals(
        2, queue.waitingOf("alice", JobPriority.INTERACTIVE), "a job tried again waits again");
    queue.addFirst(job("a1", "alice", JobPriority.INTERACTIVE).nextAttempt().nextAttempt());
    assertEquals(2, queue.waitingOf("alice", JobPriority.INTERACTIVE), "and once");
    assertTrue(queue.remove("a2"));
    assertEquals(1, queue.waitingOf("alice", JobPriority.INTERACTIVE));
    drain();
    assertEquals(0, queue.waitingOf("alice", JobPriority.INTERACTIVE));
    assertEquals(0, queue.waitingOf("alice", JobPriority.REGRADE));
    assertEquals(0, queue.waitingOf("bob", JobPriority.INTERACTIVE));
  }

  @Test
  void aStudentsFirstJobOutIsWhereTheirNextPlaceFreesUp() {
    queue.add(job("a1", "alice", JobPriority.INTERACTIVE));
    queue.add(job("b1", "bob", JobPriority.INTERACTIVE));
    queue.add(job("b2", "bob", JobPriority.INTERACTIVE));
    queue.add(job("c1", "carol", JobPriority.INTERACTIVE));
    queue.add(job("rb", "bob", JobPriority.REGRADE));
    assertEquals(Optional.of(1), queue.aheadOfFirst("bob", JobPriority.INTERACTIVE));
    assertEquals(Optional.of(4), queue.aheadOfFirst("bob", JobPriority.REGRADE));
    assertEquals(Optional.empty(), queue.aheadOfFirst("dave", JobPriority.INTERACTIVE));
    queue.addFirst(job("x1", "xavier", JobPriority.INTERACTIVE).nextAttempt());
    queue.addFirst(job("c0", "carol", JobPriority.INTERACTIVE).nextAttempt());
    assertEquals(
        Optional.of(0), queue.aheadOfFirst("carol", JobPriority.INTERACTIVE), "a retry goes first");
    assertEquals(Optional.of(3), queue.aheadOfFirst("bob", JobPriority.INTERACTIVE));
    List<String> order = drain();
    assertEquals(3, order.indexOf("b1"), "as predicted: " + order);
  }
}
