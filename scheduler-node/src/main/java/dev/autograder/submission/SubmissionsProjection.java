package dev.autograder.submission;

import dev.autograder.storage.PooledJdbcSession;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps the submissions' read tables in step with their events, in one transaction with the
 * projection's offset (exactly once): the submission list first, which a regrade's pending job is
 * copied from, then the pending jobs.
 */
public final class SubmissionsProjection
    extends JdbcHandler<EventEnvelope<Submission.Event>, PooledJdbcSession> {
  @Override
  public void process(PooledJdbcSession session, EventEnvelope<Submission.Event> envelope)
      throws Exception {
    String id = envelope.persistenceId().substring(envelope.persistenceId().indexOf('|') + 1);
    session.withConnection(
        c -> {
          SubmissionsTable.apply(c, id, envelope.event());
          PendingJobsTable.apply(c, id, envelope.event());
          return null;
        });
  }
}
