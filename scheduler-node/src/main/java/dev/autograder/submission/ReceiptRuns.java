package dev.autograder.submission;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * A projection group's Submission events in their order, with each run of consecutive receipts
 * handed over at once. At a deadline rush a group is all receipts, each the first event of a new
 * submission, so a read table writes them in a few batched statements instead of a few statements
 * each; any other event ends the run, so nothing is written out of its order around it.
 */
public final class ReceiptRuns {
  /** A receipt, with its entity's persistence id and the submission's id from it. */
  public record Receipt(
      String persistenceId, String submissionId, Submission.SubmissionReceived received) {}

  @FunctionalInterface
  public interface Run {
    void apply(List<Receipt> receipts) throws SQLException;
  }

  @FunctionalInterface
  public interface Each {
    void apply(String persistenceId, String submissionId, Submission.Event event)
        throws SQLException;
  }

  private ReceiptRuns() {}

  public static void apply(List<EventEnvelope<Submission.Event>> group, Run runs, Each each)
      throws SQLException {
    // By persistence id: a receipt is its submission's first event and comes once, so a second one
    // in a run could only be the same event again.
    Map<String, Receipt> run = new LinkedHashMap<>();
    for (EventEnvelope<Submission.Event> envelope : group) {
      String persistenceId = envelope.persistenceId();
      String submissionId = persistenceId.substring(persistenceId.indexOf('|') + 1);
      if (envelope.event() instanceof Submission.SubmissionReceived received) {
        run.putIfAbsent(persistenceId, new Receipt(persistenceId, submissionId, received));
      } else {
        flush(run, runs);
        each.apply(persistenceId, submissionId, envelope.event());
      }
    }
    flush(run, runs);
  }

  private static void flush(Map<String, Receipt> run, Run runs) throws SQLException {
    if (!run.isEmpty()) {
      runs.apply(new ArrayList<>(run.values()));
      run.clear();
    }
  }
}
