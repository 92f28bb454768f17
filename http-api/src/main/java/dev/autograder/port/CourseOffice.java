package dev.autograder.port;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.course.rules.Extension;
import dev.autograder.grading.GradingSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Courses, their rosters, assignments and extensions, and the grade book. */
public interface CourseOffice {
  Pattern COURSE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  record NewCourse(String id, String code, String title, String term) {
    public NewCourse validated() {
      if (id == null || !COURSE_ID.matcher(id).matches()) {
        throw Refusal.invalid("invalid_id", "id must be 1 to 64 of a-z, 0-9 and '-'");
      }
      for (var field :
          Map.of(
                  "code",
                  code == null ? "" : code,
                  "title",
                  title == null ? "" : title,
                  "term",
                  term == null ? "" : term)
              .entrySet()) {
        if (field.getValue().isBlank() || field.getValue().length() > 200) {
          throw Refusal.invalid(
              "invalid_" + field.getKey(), field.getKey() + " must have 1 to 200 characters");
        }
      }
      return new NewCourse(id, code.strip(), title.strip(), term.strip());
    }
  }

  record CourseSummary(String id, String code, String title, String term, CourseRole role) {}

  /** Whether the course exists and the account's role in it (empty: not a member). */
  record Membership(boolean courseExists, Optional<CourseRole> role) {}

  record RosterEntry(String username, String displayName, CourseRole role) {}

  record RoleChange(CourseRole role) {}

  /** One line of a roster CSV, already checked. */
  record RosterLine(int line, String username, String displayName, CourseRole role) {}

  record CreatedAccount(String username, String initialPassword) {}

  record RosterImport(int enrolled, List<CreatedAccount> created) {}

  record AssignmentDetails(
      String id,
      String courseId,
      String title,
      String flavour,
      GradingSpec spec,
      String specHash,
      int specVersion,
      AssignmentRules rules,
      Map<String, Extension> extensions,
      Instant createdAt,
      AssignmentSetup setup) {

    public AssignmentDetails {
      setup = setup == null ? AssignmentSetup.UNCHECKED : setup;
    }
  }

  /** A student's runs: {@code runsLeft} null when unlimited. */
  record Allowance(Integer runsLeft, Instant resetAt) {}

  record GradeBook(List<GradeBookColumn> assignments, List<GradeBookRow> students) {}

  record GradeBookColumn(String id, String title, double maxScore) {}

  record GradeBookRow(
      String username, String displayName, Map<String, Grade> grades, double total) {}

  /**
   * The grade of the student's submission that counts: staff's adjustment and the late penalty
   * applied; null scores while not graded.
   *
   * @param submissionNumber 1 for the student's first submission to the assignment
   * @param counts the assignment's rule that picked it: latest, best or chosen
   * @param adjusted whether staff adjusted its score
   */
  record Grade(
      String submissionId,
      Double score,
      double maxScore,
      int daysLate,
      double penaltyPercent,
      Double finalScore,
      int submissionNumber,
      String counts,
      boolean adjusted) {}

  /**
   * Which entries of a course's audit log to read: newest first, {@code limit} of them, older than
   * {@code before}.
   */
  record AuditQuery(
      Optional<String> assignment, Optional<String> student, int limit, Optional<Long> before) {}

  /**
   * One staff or admin action: who, when, what, and which assignment and student (or member) it
   * concerns.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AuditEntry(
      long id,
      Instant at,
      String actor,
      String action,
      String assignmentId,
      String student,
      JsonNode details) {}

  /**
   * @param next the {@code before} of the next page; null when this one is the last
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AuditPage(List<AuditEntry> entries, Long next) {}

  /** Fails with 409 when the id is taken. */
  CompletionStage<CourseSummary> createCourse(NewCourse course);

  CompletionStage<Optional<CourseSummary>> course(String courseId);

  /** A new code, title or term for the course (its id stays). */
  CompletionStage<CourseSummary> reviseCourse(String courseId, NewCourse revised);

  CompletionStage<Membership> membership(String courseId, String username);

  /** The account's courses with its role; every course for {@code null}. */
  CompletionStage<List<CourseSummary>> courses(String username);

  /** The usernames of a roster's students (staff aside). */
  static Set<String> studentsOf(List<RosterEntry> roster) {
    return roster.stream()
        .filter(e -> e.role() == CourseRole.STUDENT)
        .map(RosterEntry::username)
        .collect(Collectors.toSet());
  }

  CompletionStage<List<RosterEntry>> roster(String courseId);

  // Every change below names its actor, the user who made it, for the course's audit log.

  /** Fails with 404 when the account does not exist. */
  CompletionStage<RosterEntry> enrol(
      String courseId, String username, CourseRole role, String actor);

  /** False when the account was not a member. */
  CompletionStage<Boolean> unenrol(String courseId, String username, String actor);

  /**
   * Creates the accounts that do not exist (with a random initial password) and enrols everyone.
   */
  CompletionStage<RosterImport> importRoster(String courseId, List<RosterLine> lines, String actor);

  /**
   * Stores the spec, creates the assignment and attaches it to the course; 409 when the id is
   * taken.
   */
  CompletionStage<AssignmentDetails> createAssignment(
      String courseId, NewAssignment assignment, String actor);

  CompletionStage<Optional<AssignmentDetails>> assignment(String assignmentId);

  CompletionStage<List<AssignmentDetails>> assignments(String courseId);

  CompletionStage<AssignmentDetails> reviseAssignment(
      String assignmentId, NewAssignment revised, String actor);

  CompletionStage<AssignmentDetails> grantExtension(
      String assignmentId, Extension extension, String actor);

  CompletionStage<Allowance> allowance(AssignmentDetails assignment, String username);

  CompletionStage<GradeBook> gradeBook(String courseId);

  CompletionStage<AuditPage> auditLog(String courseId, AuditQuery query);
}
