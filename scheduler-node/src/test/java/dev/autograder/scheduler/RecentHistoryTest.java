package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.Verdict;
import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.TelemetryHistory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentHistoryTest {

  static NodeHealth health(String node, String address, long engineMillis, long diskFree) {
    return new NodeHealth(
        node,
        address,
        "small",
        2,
        0.1,
        0.4,
        1L << 30,
        4L << 30,
        diskFree,
        engineMillis,
        1,
        2000,
        1L << 30,
        System.currentTimeMillis(),
        List.of());
  }

  @Test
  void eachIntervalCountsItsOwnCompletedJobsVerdictsAndWaits() {
    RecentHistory history = new RecentHistory(10_000, 100);
    history.completed(Verdict.ACCEPTED);
    history.completed(Verdict.ACCEPTED);
    history.completed(Verdict.WRONG_ANSWER);
    for (long wait : new long[] {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}) {
      history.started(wait);
    }
    history.close(10_000, 4, 2, List.of());
    history.close(20_000, 0, 0, List.of());

    List<TelemetryHistory.Point> points = history.snapshot().points();
    assertEquals(2, points.size());
    TelemetryHistory.Point first = points.get(0);
    assertEquals(3, first.completed());
    assertEquals(Map.of("ACCEPTED", 2L, "WRONG_ANSWER", 1L), first.verdicts());
    assertEquals(500, first.waitP50Millis());
    assertEquals(900, first.waitP90Millis());
    assertEquals(10, first.started());
    assertEquals(4, first.waiting());
    assertEquals(2, first.running());
    TelemetryHistory.Point second = points.get(1);
    assertEquals(0, second.completed());
    assertEquals(Map.of(), second.verdicts());
    assertEquals(0, second.waitP50Millis());
  }

  @Test
  void theHistoryKeepsItsCapacityOfPointsDroppingTheOldest() {
    RecentHistory history = new RecentHistory(10_000, 3);
    for (int i = 1; i <= 8; i++) {
      history.completed(Verdict.ACCEPTED);
      history.close(i * 10_000L, i, 0, List.of(health("r1", "pekko://a@h:1", 5, 2L << 30)));
    }
    TelemetryHistory snapshot = history.snapshot();
    assertEquals(
        List.of(60_000L, 70_000L, 80_000L),
        snapshot.points().stream().map(TelemetryHistory.Point::atMillis).toList());
    assertEquals(1, snapshot.nodes().size());
    assertEquals(3, snapshot.nodes().get(0).points().size());
    assertEquals("r1", snapshot.nodes().get(0).node());
  }

  @Test
  void aNodeSilentForTheWholeHistoryIsDroppedWithItsSeries() {
    RecentHistory history = new RecentHistory(10_000, 3);
    history.close(
        10_000,
        0,
        0,
        List.of(
            health("r1", "pekko://a@h:1", 5, 2L << 30),
            health("r2", "pekko://a@h:2", 5, 2L << 30)));
    for (int i = 2; i <= 5; i++) {
      history.close(i * 10_000L, 0, 0, List.of(health("r2", "pekko://a@h:2", 5, 2L << 30)));
    }
    assertEquals(
        List.of("r2"),
        history.snapshot().nodes().stream().map(TelemetryHistory.NodeSeries::node).toList());
  }

  @Test
  void aNodePointSaysWhetherTheNodeWasHealthy() {
    RecentHistory history = new RecentHistory(10_000, 3);
    history.close(10_000, 0, 0, List.of(health("r1", "pekko://a@h:1", 5_000, 2L << 30)));
    history.close(20_000, 0, 0, List.of(health("r1", "pekko://a@h:1", 5, 2L << 30)));
    List<TelemetryHistory.NodePoint> points = history.snapshot().nodes().get(0).points();
    assertFalse(points.get(0).healthy());
    assertTrue(points.get(1).healthy());
  }

  @Test
  void aLongHistoryIsAnsweredInMergedRunsThatAddTheCountsAndKeepTheWorst() {
    RecentHistory history = new RecentHistory(10_000, 100);
    for (int i = 1; i <= 7; i++) {
      history.completed(Verdict.ACCEPTED);
      history.started(i * 100L);
      history.close(
          i * 10_000L, i, 0, List.of(health("r1", "pekko://a@h:1", i == 2 ? -1 : 5, 2L << 30)));
    }
    TelemetryHistory merged = history.snapshot(3, 1_000);
    assertEquals(30_000, merged.intervalMillis());
    List<TelemetryHistory.Point> points = merged.points();
    assertEquals(
        List.of(10_000L, 40_000L, 70_000L),
        points.stream().map(TelemetryHistory.Point::atMillis).toList());
    assertEquals(
        List.of(1L, 3L, 3L), points.stream().map(TelemetryHistory.Point::completed).toList());
    assertEquals(Map.of("ACCEPTED", 3L), points.get(1).verdicts());
    assertEquals(400, points.get(1).waitP90Millis(), "the worst interval's wait");
    assertEquals(4, points.get(1).waiting(), "the depth at the run's end");
    List<TelemetryHistory.NodePoint> node = merged.nodes().get(0).points();
    assertEquals(3, node.size());
    assertFalse(node.get(1).healthy(), "a run with an unhealthy interval is unhealthy");
    assertEquals(-1, node.get(1).engineMillis());
    assertTrue(node.get(2).healthy());
  }

  @Test
  void manyNodesShareTheNodePointsAnAnswerMayHold() {
    RecentHistory history = new RecentHistory(10_000, 100);
    for (int i = 1; i <= 40; i++) {
      List<NodeHealth> reports = new java.util.ArrayList<>();
      for (int n = 0; n < 10; n++) {
        reports.add(health("r" + n, "pekko://a@h:" + n, 5, 2L << 30));
      }
      history.close(i * 10_000L, 0, 0, reports);
    }
    TelemetryHistory answer = history.snapshot(40, 100);
    assertEquals(10, answer.nodes().size());
    answer.nodes().forEach(n -> assertEquals(10, n.points().size()));
    assertEquals(40, answer.points().size(), "the queues' series keeps its resolution");
  }

  @Test
  void aHistoryWithoutRoomIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RecentHistory(10_000, 0));
  }
}
