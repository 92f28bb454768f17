package dev.autograder.submission;

import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.scheduler.PendingJobs;
import dev.autograder.storage.SqlStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The read side of submissions not graded yet, one row each: written by the submission projection
 * (in the same transaction as its offset, so exactly once), read by a new scheduler to rebuild its
 * queues.
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
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS autograder_pending_job (submission_id VARCHAR(64) PRIMARY KEY, "
              + "flavour VARCHAR(100) NOT NULL, assignment_id VARCHAR(100) NOT NULL, student VARCHAR(200) NOT NULL, "
              + "spec_hash CHAR(64) NOT NULL, files_hash CHAR(64) NOT NULL, priority VARCHAR(20) NOT NULL, "
              + "received_at TIMESTAMP NOT NULL, attempt INT NOT NULL, runner_id VARCHAR(300))");
      // Regrades start a round at a later attempt; tables from before regrades get the column.
      s.execute(
          "ALTER TABLE autograder_pending_job ADD COLUMN IF NOT EXISTS first_attempt INT NOT NULL DEFAULT 1");
      s.execute(
          "CREATE INDEX IF NOT EXISTS autograder_pending_job_flavour ON autograder_pending_job (flavour, received_at)");
    }
  }

  @Override
  public CompletionStage<List<PendingJob>> load(String flavour) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = dataSource.getConnection();
              PreparedStatement s =
                  c.prepareStatement(
                      "SELECT submission_id, assignment_id, student, spec_hash, files_hash, "
                          + "priority, received_at, attempt, first_attempt, runner_id FROM autograder_pending_job WHERE flavour = ? ORDER BY received_at")) {
            s.setString(1, flavour);
            List<PendingJob> jobs = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                int started = r.getInt("attempt");
                Optional<String> runner = Optional.ofNullable(r.getString("runner_id"));
                GradingJob job =
                    new GradingJob(
                        r.getString("submission_id"),
                        r.getString("assignment_id"),
                        r.getString("student"),
                        flavour,
                        r.getString("spec_hash"),
                        r.getString("files_hash"),
                        Math.max(r.getInt("first_attempt"), started),
                        r.getTimestamp("received_at").toInstant(),
                        JobPriority.valueOf(r.getString("priority")),
                        r.getInt("first_attempt"));
                jobs.add(new PendingJob(job, runner));
              }
            }
            return jobs;
          } catch (SQLException e) {
            throw new IllegalStateException(
                "could not read the pending jobs: " + e.getMessage(), e);
          }
        },
        jdbcDispatcher);
  }

  /**
   * A run of receipts, in the projection's transaction: each a job waiting for its first attempt.
   */
  static void applyReceipts(Connection c, List<ReceiptRuns.Receipt> receipts) throws SQLException {
    SqlStore.batch(
        c,
        "INSERT INTO autograder_pending_job (submission_id, flavour, assignment_id, student, spec_hash, "
            + "files_hash, priority, received_at, attempt, first_attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 1)",
        receipts.stream()
            .map(
                receipt -> {
                  Submission.SubmissionReceived r = receipt.received();
                  return new Object[] {
                    receipt.submissionId(),
                    r.flavour(),
                    r.assignmentId(),
                    r.student(),
                    r.specHash(),
                    r.filesHash(),
                    (r.priority() == null ? JobPriority.INTERACTIVE : r.priority()).name(),
                    r.at()
                  };
                })
            .toList());
  }

  /**
   * Applies one Submission event other than a receipt (see {@link #applyReceipts}), in the
   * projection's transaction.
   */
  static void apply(Connection c, String id, Submission.Event event) throws SQLException {
    if (event instanceof Submission.GradingStarted g) {
      SqlStore.update(
          c,
          "UPDATE autograder_pending_job SET attempt = ?, runner_id = ? WHERE submission_id = ? "
              + "AND attempt < ?",
          g.attempt(),
          g.runnerId(),
          id,
          g.attempt());
    } else if (event instanceof Submission.SubmissionGraded) {
      SqlStore.update(c, "DELETE FROM autograder_pending_job WHERE submission_id = ?", id);
    } else if (event instanceof Submission.RegradeRequested r) {
      // The received row is gone since the first grading: copy what the job needs from it.
      SqlStore.update(c, "DELETE FROM autograder_pending_job WHERE submission_id = ?", id);
      SqlStore.update(
          c,
          "INSERT INTO autograder_pending_job (submission_id, flavour, assignment_id, student, spec_hash, "
              + "files_hash, priority, received_at, attempt, first_attempt) SELECT ?, flavour, assignment_id, student, "
              + "?, files_hash, ?, received_at, ?, ? FROM autograder_submission WHERE submission_id = ?",
          id,
          r.specHash(),
          JobPriority.REGRADE.name(),
          r.firstAttempt() - 1,
          r.firstAttempt(),
          id);
    }
  }
}
