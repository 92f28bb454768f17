package dev.autograder.submission;

import dev.autograder.storage.PooledJdbcSession;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps the submissions' read tables in step with their events, a group of them in one transaction
 * with the projection's offset (exactly once): the submission list first, which a regrade's pending
 * job is copied from, then the pending jobs. A run of receipts goes in batched statements.
 */
public final class SubmissionsProjection
    extends JdbcHandler<List<EventEnvelope<Submission.Event>>, PooledJdbcSession> {
  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<Submission.Event>> group)
      throws Exception {
    session.withConnection(
        c -> {
          ReceiptRuns.apply(
              group,
              receipts -> {
                SubmissionsTable.applyReceipts(c, receipts);
                PendingJobsTable.applyReceipts(c, receipts);
              },
              (persistenceId, id, event) -> {
                SubmissionsTable.apply(c, id, event);
                PendingJobsTable.apply(c, id, event);
              });
          return null;
        });
  }
}
