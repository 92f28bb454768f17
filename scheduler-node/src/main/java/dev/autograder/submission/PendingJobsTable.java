package dev.autograder.submission;

import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.scheduler.PendingJobs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import dev.autograder.storage.PooledJdbcSession;

/**
 * The read side of submissions not graded yet, one row each: written by the submission projection
 * (in the same transaction as its offset, so exactly once), read by a new scheduler to rebuild
 * its queues.
 */
public final class PendingJobsTable implements PendingJobs {
  private final DataSource dataSource;
  private final Executor jdbcDispatcher;

  public PendingJobsTable(DataSource dataSource, Executor jdbcDispatcher) {
    this.dataSource = dataSource;
    this.jdbcDispatcher = jdbcDispatcher;
  }

  /** Idempotent; blocks, so call it at start-up. */
  public void createTableIfMissing() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS autograder_pending_job (submission_id VARCHAR(64) PRIMARY KEY, "
          + "flavour VARCHAR(100) NOT NULL, assignment_id VARCHAR(100) NOT NULL, student VARCHAR(200) NOT NULL, "
          + "spec_hash CHAR(64) NOT NULL, files_hash CHAR(64) NOT NULL, priority VARCHAR(20) NOT NULL, "
          + "received_at TIMESTAMP NOT NULL, attempt INT NOT NULL, runner_id VARCHAR(300))");
      s.execute("CREATE INDEX IF NOT EXISTS autograder_pending_job_flavour ON autograder_pending_job (flavour, received_at)");
    }
  }

  @Override
  public CompletionStage<List<PendingJob>> load(String flavour) {
    return CompletableFuture.supplyAsync(() -> {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s = c.prepareStatement("SELECT submission_id, assignment_id, student, spec_hash, files_hash, "
              + "priority, received_at, attempt, runner_id FROM autograder_pending_job WHERE flavour = ? ORDER BY received_at")) {
        s.setString(1, flavour);
        List<PendingJob> jobs = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            int started = r.getInt("attempt");
            Optional<String> runner = Optional.ofNullable(r.getString("runner_id"));
            GradingJob job = new GradingJob(r.getString("submission_id"), r.getString("assignment_id"),
                r.getString("student"), flavour, r.getString("spec_hash"), r.getString("files_hash"),
                Math.max(1, started), r.getTimestamp("received_at").toInstant(), JobPriority.valueOf(r.getString("priority")));
            jobs.add(new PendingJob(job, runner));
          }
        }
        return jobs;
      } catch (SQLException e) {
        throw new IllegalStateException("could not read the pending jobs: " + e.getMessage(), e);
      }
    }, jdbcDispatcher);
  }

  /** Keeps the table in step with the Submission events. */
  public static final class Projection extends JdbcHandler<EventEnvelope<Submission.Event>, PooledJdbcSession> {
    @Override
    public void process(PooledJdbcSession session, EventEnvelope<Submission.Event> envelope) throws Exception {
      Submission.Event event = envelope.event();
      String id = envelope.persistenceId().substring(envelope.persistenceId().indexOf('|') + 1);
      session.withConnection(c -> {
        if (event instanceof Submission.SubmissionReceived r) {
          try (PreparedStatement s = c.prepareStatement("INSERT INTO autograder_pending_job (submission_id, flavour, "
              + "assignment_id, student, spec_hash, files_hash, priority, received_at, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            s.setString(1, id);
            s.setString(2, r.flavour());
            s.setString(3, r.assignmentId());
            s.setString(4, r.student());
            s.setString(5, r.specHash());
            s.setString(6, r.filesHash());
            s.setString(7, (r.priority() == null ? JobPriority.INTERACTIVE : r.priority()).name());
            s.setTimestamp(8, Timestamp.from(r.at()));
            s.executeUpdate();
          }
        } else if (event instanceof Submission.GradingStarted g) {
          try (PreparedStatement s = c.prepareStatement(
              "UPDATE autograder_pending_job SET attempt = ?, runner_id = ? WHERE submission_id = ? AND attempt < ?")) {
            s.setInt(1, g.attempt());
            s.setString(2, g.runnerId());
            s.setString(3, id);
            s.setInt(4, g.attempt());
            s.executeUpdate();
          }
        } else if (event instanceof Submission.SubmissionGraded) {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM autograder_pending_job WHERE submission_id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
          }
        }
        return null;
      });
    }
  }
}
