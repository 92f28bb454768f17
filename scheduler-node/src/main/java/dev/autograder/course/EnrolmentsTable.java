package dev.autograder.course;

import dev.autograder.course.rules.CourseRole;
import dev.autograder.port.CourseOffice.CourseSummary;
import dev.autograder.storage.PooledJdbcSession;
import dev.autograder.storage.SqlStore;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * The read side of courses and who is enrolled where, for "my courses"; written by its projection.
 */
public final class EnrolmentsTable {
  private final SqlStore sql;

  public EnrolmentsTable(SqlStore sql) {
    this.sql = sql;
  }

  public void createTableIfMissing() throws SQLException {
    sql.define(
        "CREATE TABLE IF NOT EXISTS autograder_course (course_id VARCHAR(64) PRIMARY KEY, "
            + "code VARCHAR(200) NOT NULL, title VARCHAR(200) NOT NULL, term VARCHAR(200) NOT NULL, "
            + "created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS autograder_enrolment (course_id VARCHAR(64) NOT NULL, "
            + "username VARCHAR(64) NOT NULL, role VARCHAR(20) NOT NULL, PRIMARY KEY (course_id, username))",
        "CREATE INDEX IF NOT EXISTS autograder_enrolment_user ON autograder_enrolment (username)");
  }

  /** The account's courses with its role in each; every course (without a role) for null. */
  public CompletionStage<List<CourseSummary>> courses(String username) {
    if (username == null) {
      return sql.query(
          "SELECT course_id, code, title, term FROM autograder_course ORDER BY created_at DESC",
          r ->
              new CourseSummary(
                  r.getString("course_id"),
                  r.getString("code"),
                  r.getString("title"),
                  r.getString("term"),
                  null));
    }
    return sql.query(
        "SELECT c.course_id, c.code, c.title, c.term, e.role FROM autograder_enrolment e "
            + "JOIN autograder_course c ON c.course_id = e.course_id WHERE e.username = ? ORDER BY c.created_at DESC",
        r ->
            new CourseSummary(
                r.getString("course_id"),
                r.getString("code"),
                r.getString("title"),
                r.getString("term"),
                CourseRole.valueOf(r.getString("role"))),
        username);
  }

  /** Keeps the tables in step with the Course events. */
  public static final class Projection
      extends JdbcHandler<EventEnvelope<Course.Event>, PooledJdbcSession> {
    @Override
    public void process(PooledJdbcSession session, EventEnvelope<Course.Event> envelope)
        throws Exception {
      String courseId =
          envelope.persistenceId().substring(envelope.persistenceId().indexOf('|') + 1);
      Course.Event event = envelope.event();
      session.withConnection(
          c -> {
            if (event instanceof Course.CourseCreated e) {
              SqlStore.update(c, "DELETE FROM autograder_course WHERE course_id = ?", courseId);
              SqlStore.update(
                  c,
                  "INSERT INTO autograder_course (course_id, code, title, term, created_at) "
                      + "VALUES (?, ?, ?, ?, ?)",
                  courseId,
                  e.code(),
                  e.title(),
                  e.term(),
                  e.at());
            } else if (event instanceof Course.CourseRevised e) {
              SqlStore.update(
                  c,
                  "UPDATE autograder_course SET code = ?, title = ?, term = ? WHERE course_id = ?",
                  e.code(),
                  e.title(),
                  e.term(),
                  courseId);
            } else if (event instanceof Course.MemberEnrolled e) {
              SqlStore.update(
                  c,
                  "DELETE FROM autograder_enrolment WHERE course_id = ? AND username = ?",
                  courseId,
                  e.username());
              SqlStore.update(
                  c,
                  "INSERT INTO autograder_enrolment (course_id, username, role) VALUES (?, ?, ?)",
                  courseId,
                  e.username(),
                  e.role().name());
            } else if (event instanceof Course.MemberRemoved e) {
              SqlStore.update(
                  c,
                  "DELETE FROM autograder_enrolment WHERE course_id = ? AND username = ?",
                  courseId,
                  e.username());
            }
            return null;
          });
    }
  }
}
