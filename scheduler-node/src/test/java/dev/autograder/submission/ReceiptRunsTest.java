package dev.autograder.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.Test;

/**
 * How a projection group is split: runs of receipts together, every other event alone, in order.
 */
class ReceiptRunsTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  @Test
  void consecutiveReceiptsComeTogetherAndAnyOtherEventEndsTheirRun() throws Exception {
    List<EventEnvelope<Submission.Event>> group =
        List.of(
            receipt("s1", 1),
            receipt("s2", 2),
            envelope("s1", 2, 3, new Submission.GradingStarted(1, "runner/1", AT)),
            receipt("s3", 4),
            receipt("s4", 5));
    List<String> seen = new ArrayList<>();
    ReceiptRuns.apply(
        group,
        run -> seen.add("run " + run.stream().map(ReceiptRuns.Receipt::submissionId).toList()),
        (persistenceId, id, event) ->
            seen.add(event.getClass().getSimpleName() + " " + id + " of " + persistenceId));
    assertEquals(
        List.of("run [s1, s2]", "GradingStarted s1 of Submission|s1", "run [s3, s4]"), seen);
  }

  @Test
  void aReceiptDeliveredTwiceInOneRunIsWrittenOnce() throws Exception {
    List<EventEnvelope<Submission.Event>> group =
        List.of(receipt("s1", 1), receipt("s2", 2), receipt("s1", 1));
    List<List<String>> runs = new ArrayList<>();
    ReceiptRuns.apply(
        group,
        run -> runs.add(run.stream().map(ReceiptRuns.Receipt::submissionId).toList()),
        (persistenceId, id, event) -> runs.add(List.of("unexpected " + id)));
    assertEquals(List.of(List.of("s1", "s2")), runs);
  }

  @Test
  void aGroupWithoutReceiptsHasNoRun() throws Exception {
    List<String> seen = new ArrayList<>();
    ReceiptRuns.apply(
        List.of(envelope("s1", 2, 1, new Submission.GradingStarted(1, "runner/1", AT))),
        run -> seen.add("run"),
        (persistenceId, id, event) -> seen.add(id));
    assertEquals(List.of("s1"), seen);
  }

  private static EventEnvelope<Submission.Event> receipt(String id, long ordering) {
    return envelope(id, 1, ordering, SubmissionPersistenceTest.received(id, "stu"));
  }

  private static EventEnvelope<Submission.Event> envelope(
      String id, long sequenceNr, long ordering, Submission.Event event) {
    return EventEnvelope.create(
        Sequence.apply(ordering), "Submission|" + id, sequenceNr, event, AT.toEpochMilli());
  }
}
