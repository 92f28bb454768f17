package dev.autograder.submission;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.port.GradingDesk.RegradeBatch;
import dev.autograder.port.GradingDesk.SubmissionSummary;
import dev.autograder.queue.JobPriority;
import dev.autograder.storage.SqlStore;
import dev.autograder.submission.view.SubmissionStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The read side of submissions, one row each with its latest grade, for lists and the grade book
 * (which, like every "latest" list, leaves practice runs out: they count for nothing); and regrade
 * batches with one row per regraded submission, marked done when its round is graded.
 */
public final class SubmissionsTable {
  private static final String COLUMNS =
      "submission_id, assignment_id, student, status, received_at, graded_at, "
          + "verdict, score, max_score, result_visibility, days_late, penalty_percent, round, practice, adjustment_mode, "
          + "adjustment_points, adjustment_comment, adjusted_by, adjusted_at, chosen_at";

  /** The student's latest counted submission: practice runs are never anyone's latest. */
  private static final String LATEST =
      "s.practice = FALSE AND s.received_at = (SELECT MAX(t.received_at) "
          + "FROM autograder_submission t WHERE t.assignment_id = s.assignment_id AND t.student = s.student "
          + "AND t.practice = FALSE)";

  private final SqlStore sql;

  public SubmissionsTable(SqlStore sql) {
    this.sql = sql;
  }

  public void createTableIfMissing() throws SQLException {
    sql.define(
        "CREATE TABLE IF NOT EXISTS autograder_submission (submission_id VARCHAR(64) PRIMARY KEY, "
            + "assignment_id VARCHAR(100) NOT NULL, course_id VARCHAR(64), student VARCHAR(200) NOT NULL, "
            + "status VARCHAR(20) NOT NULL, received_at TIMESTAMP NOT NULL, graded_at TIMESTAMP, verdict VARCHAR(20), "
            + "score DOUBLE PRECISION, max_score DOUBLE PRECISION, result_visibility VARCHAR(20), "
            + "days_late INT NOT NULL, penalty_percent DOUBLE PRECISION NOT NULL, round INT NOT NULL, "
            + "regrade_batch VARCHAR(64), flavour VARCHAR(100) NOT NULL, files_hash CHAR(64) NOT NULL)",
        "CREATE INDEX IF NOT EXISTS autograder_submission_student ON autograder_submission "
            + "(assignment_id, student, received_at)",
        // Practice runs came after the table: older tables get the column, their rows counted ones.
        "ALTER TABLE autograder_submission ADD COLUMN IF NOT EXISTS practice BOOLEAN NOT NULL DEFAULT FALSE",
        "CREATE TABLE IF NOT EXISTS autograder_regrade_batch (batch_id VARCHAR(64) PRIMARY KEY, "
            + "assignment_id VARCHAR(100) NOT NULL, created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS autograder_regrade_item (batch_id VARCHAR(64) NOT NULL, "
            + "submission_id VARCHAR(64) NOT NULL, done BOOLEAN NOT NULL, PRIMARY KEY (batch_id, submission_id))",
        // Score adjustments and picks came later: tables from before get their columns here.
        "ALTER TABLE autograder_submission ADD COLUMN IF NOT EXISTS adjustment_mode VARCHAR(10)",
        "ALTER TABLE autograder_submission ADD COLUMN IF NOT EXISTS adjustment_points DOUBLE PRECISION",
        "ALTER TABLE autograder_submission ADD COLUMN IF NOT EXISTS adjustment_comment VARCHAR("
            + ScoreAdjustment.MAX_COMMENT
            + ")",
        "ALTER TABLE autograder_submission ADD COLUMN IF NOT EXISTS adjusted_by VARCHAR(200)",
        "ALTER TABLE autograder_submission ADD COLUMN IF NOT EXISTS adjusted_at TIMESTAMP",
        "ALTER TABLE autograder_submission ADD COLUMN IF NOT EXISTS chosen_at TIMESTAMP");
  }

  /**
   * Lists a run of receipts, in the projection's transaction: each submission's row written anew,
   * queued.
   */
  static void applyReceipts(Connection c, List<ReceiptRuns.Receipt> receipts) throws SQLException {
    SqlStore.batch(
        c,
        "DELETE FROM autograder_submission WHERE submission_id = ?",
        receipts.stream().map(r -> new Object[] {r.submissionId()}).toList());
    SqlStore.batch(
        c,
        "INSERT INTO autograder_submission (submission_id, assignment_id, course_id, student, status, "
            + "received_at, days_late, penalty_percent, round, flavour, files_hash, practice) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
        receipts.stream()
            .map(
                receipt -> {
                  Submission.SubmissionReceived r = receipt.received();
                  return new Object[] {
                    receipt.submissionId(),
                    r.assignmentId(),
                    r.courseId(),
                    r.student(),
                    SubmissionStatus.QUEUED.name(),
                    r.at(),
                    r.lateness() == null ? 0 : r.lateness().daysLate(),
                    r.lateness() == null ? 0 : r.lateness().penaltyPercent(),
                    r.flavour(),
                    r.filesHash(),
                    r.priority() == JobPriority.PRACTICE
                  };
                })
            .toList());
  }

  /**
   * Applies one Submission event other than a receipt (see {@link #applyReceipts}), in the
   * projection's transaction.
   */
  static void apply(Connection c, String id, Submission.Event event) throws SQLException {
    if (event instanceof Submission.GradingStarted) {
      SqlStore.update(
          c,
          "UPDATE autograder_submission SET status = ? WHERE submission_id = ? AND status = ?",
          SubmissionStatus.RUNNING.name(),
          id,
          SubmissionStatus.QUEUED.name());
    } else if (event instanceof Submission.SubmissionGraded g) {
      GradingResult result = g.result();
      SqlStore.update(
          c,
          "UPDATE autograder_submission SET status = ?, graded_at = ?, verdict = ?, score = ?, "
              + "max_score = ?, result_visibility = ? WHERE submission_id = ?",
          SubmissionStatus.GRADED.name(),
          g.at(),
          result.verdict().name(),
          result.score(),
          result.maxScore(),
          result.visibility().name(),
          id);
      SqlStore.update(
          c,
          "UPDATE autograder_regrade_item SET done = TRUE WHERE submission_id = ? AND batch_id = "
              + "(SELECT regrade_batch FROM autograder_submission WHERE submission_id = ?)",
          id,
          id);
    } else if (event instanceof Submission.ScoreAdjusted a) {
      ScoreAdjustment adjustment = a.adjustment();
      SqlStore.update(
          c,
          "UPDATE autograder_submission SET adjustment_mode = ?, adjustment_points = ?, "
              + "adjustment_comment = ?, adjusted_by = ?, adjusted_at = ? WHERE submission_id = ?",
          adjustment.mode().name(),
          adjustment.points(),
          adjustment.comment(),
          adjustment.actor(),
          adjustment.at(),
          id);
    } else if (event instanceof Submission.AdjustmentRemoved) {
      SqlStore.update(
          c,
          "UPDATE autograder_submission SET adjustment_mode = NULL, adjustment_points = NULL, "
              + "adjustment_comment = NULL, adjusted_by = NULL, adjusted_at = NULL WHERE submission_id = ?",
          id);
    } else if (event instanceof Submission.SubmissionChosen chosen) {
      SqlStore.update(
          c,
          "UPDATE autograder_submission SET chosen_at = ? WHERE submission_id = ?",
          chosen.at(),
          id);
    } else if (event instanceof Submission.RegradeRequested r) {
      SqlStore.update(
          c,
          "UPDATE autograder_submission SET status = ?, round = round + 1, regrade_batch = ? "
              + "WHERE submission_id = ?",
          SubmissionStatus.QUEUED.name(),
          r.batchId(),
          id);
    }
  }

  public CompletionStage<List<SubmissionSummary>> ofAssignment(
      String assignmentId, Optional<String> student, boolean latestOnly) {
    StringBuilder where = new StringBuilder(" WHERE s.assignment_id = ?");
    List<Object> parameters = new ArrayList<>(List.of(assignmentId));
    student.ifPresent(
        s -> {
          where.append(" AND s.student = ?");
          parameters.add(s);
        });
    if (latestOnly) {
      where.append(" AND ").append(LATEST);
    }
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM autograder_submission s"
            + where
            + " ORDER BY s.received_at DESC",
        SubmissionsTable::summary,
        parameters.toArray());
  }

  /**
   * Every submission to the course's assignments, oldest first, practice runs left out: the grade
   * book picks the ones that count.
   */
  public CompletionStage<List<SubmissionSummary>> ofCourse(String courseId) {
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM autograder_submission s WHERE s.course_id = ? "
            + "AND s.practice = FALSE ORDER BY s.received_at, s.submission_id",
        SubmissionsTable::summary,
        courseId);
  }

  private static SubmissionSummary summary(ResultSet r) throws SQLException {
    String verdict = r.getString("verdict");
    String visibility = r.getString("result_visibility");
    double score = r.getDouble("score");
    boolean graded = !r.wasNull();
    double max = r.getDouble("max_score");
    String mode = r.getString("adjustment_mode");
    ScoreAdjustment adjustment =
        mode == null
            ? null
            : new ScoreAdjustment(
                ScoreAdjustment.Mode.valueOf(mode),
                r.getDouble("adjustment_points"),
                r.getString("adjustment_comment"),
                r.getString("adjusted_by"),
                SqlStore.instant(r, "adjusted_at"));
    return new SubmissionSummary(
        r.getString("submission_id"),
        r.getString("assignment_id"),
        r.getString("student"),
        SubmissionStatus.valueOf(r.getString("status")),
        SqlStore.instant(r, "received_at"),
        SqlStore.instant(r, "graded_at"),
        verdict == null ? null : Verdict.valueOf(verdict),
        graded ? score : null,
        graded ? max : null,
        visibility == null ? null : Visibility.valueOf(visibility),
        r.getInt("days_late"),
        r.getDouble("penalty_percent"),
        r.getInt("round"),
        r.getBoolean("practice"),
        adjustment,
        SqlStore.instant(r, "chosen_at"));
  }

  /** Records a batch and its submissions before any of them is asked to regrade. */
  public CompletionStage<Void> createBatch(
      String batchId, String assignmentId, List<String> submissionIds, Instant at) {
    return sql.transaction(
        c -> {
          SqlStore.update(
              c,
              "INSERT INTO autograder_regrade_batch (batch_id, assignment_id, created_at) VALUES (?, ?, ?)",
              batchId,
              assignmentId,
              at);
          for (String id : submissionIds) {
            SqlStore.update(
                c,
                "INSERT INTO autograder_regrade_item (batch_id, submission_id, done) VALUES (?, ?, FALSE)",
                batchId,
                id);
          }
          return null;
        });
  }

  /** Takes out the submissions that could not be regraded (they were being graded already). */
  public CompletionStage<Void> dropFromBatch(String batchId, List<String> submissionIds) {
    return sql.transaction(
        c -> {
          for (String id : submissionIds) {
            SqlStore.update(
                c,
                "DELETE FROM autograder_regrade_item WHERE batch_id = ? AND submission_id = ?",
                batchId,
                id);
          }
          return null;
        });
  }

  public CompletionStage<Optional<RegradeBatch>> batch(String batchId) {
    return sql.transaction(
        c -> {
          List<Object[]> head =
              SqlStore.list(
                  c,
                  "SELECT assignment_id, created_at FROM autograder_regrade_batch "
                      + "WHERE batch_id = ?",
                  r ->
                      new Object[] {
                        r.getString("assignment_id"), SqlStore.instant(r, "created_at")
                      },
                  batchId);
          if (head.isEmpty()) {
            return Optional.empty();
          }
          List<Object[]> items =
              SqlStore.list(
                  c,
                  "SELECT submission_id, done FROM autograder_regrade_item "
                      + "WHERE batch_id = ? ORDER BY submission_id",
                  r -> new Object[] {r.getString("submission_id"), r.getBoolean("done")},
                  batchId);
          int done = (int) items.stream().filter(i -> (Boolean) i[1]).count();
          return Optional.of(
              new RegradeBatch(
                  batchId,
                  (String) head.get(0)[0],
                  items.size(),
                  done,
                  items.size() - done,
                  items.stream().map(i -> (String) i[0]).toList(),
                  (Instant) head.get(0)[1]));
        });
  }
}
