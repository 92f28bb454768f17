package dev.autograder.submission;

import dev.autograder.storage.PooledJdbcSession;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps the submissions' read tables in step with their events, in one transaction with the
 * projection's offset (exactly once): the submission list first, which a regrade's pending job
 * is copied from, then the pending jobs.
 *
 * <p>Events come in groups, one transaction each: at a deadline rush the read side then commits
 * once per group rather than once per event, which leaves the database's commits to intake.
 */
public final class SubmissionsProjection
    extends JdbcHandler<List<EventEnvelope<Submission.Event>>, PooledJdbcSession> {
  /** At most this many events in one transaction. */
  public static final int GROUP_SIZE = 64;
  /** A group is written at the latest this long after its first event: what it adds to the read side's lag. */
  public static final Duration GROUP_WAIT = Duration.ofMillis(20);

  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<Submission.Event>> envelopes) throws Exception {
    session.withConnection(c -> {
      for (EventEnvelope<Submission.Event> envelope : envelopes) {
        String id = envelope.persistenceId().substring(envelope.persistenceId().indexOf('|') + 1);
        SubmissionsTable.apply(c, id, envelope.event());
        PendingJobsTable.apply(c, id, envelope.event());
      }
      return null;
    });
  }
}
