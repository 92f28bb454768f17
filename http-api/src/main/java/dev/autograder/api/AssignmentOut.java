package dev.autograder.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.Visibility;
import dev.autograder.port.CourseOffice.Allowance;
import dev.autograder.port.CourseOffice.AssignmentDetails;
import java.time.Instant;
import java.util.List;

/**
 * An assignment as the API shows it. Staff get the spec; a student gets their own dates (with an
 * extension), their runs left, and hidden tests only as a count.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AssignmentOut(
    String id,
    String courseId,
    String title,
    String description,
    String flavour,
    String format,
    Instant opensAt,
    Instant dueAt,
    Instant lateUntil,
    double latePenaltyPercentPerDay,
    SubmissionLimit submissionLimit,
    Visibility defaultVisibility,
    boolean published,
    boolean gradesPublished,
    int specVersion,
    double maxScore,
    List<TestInfo> tests,
    Integer hiddenTests,
    Instant createdAt,
    GradingSpec spec,
    String specHash,
    Boolean extended,
    Integer runsLeft,
    Instant runsResetAt,
    SetupOut setup,
    CountedSubmission countedSubmission,
    FileRules fileRules) {

  /**
   * What a submission may hold, so that a client can check files before it uploads them: at most
   * {@code maxFiles} files of {@code maxBytes} in all, each path made of segments that match {@code
   * pathSegmentPattern} (a regular expression that reads the same in Java and JavaScript).
   */
  record FileRules(int maxFiles, long maxBytes, String pathSegmentPattern) {}

  record TestInfo(String name, double points, Visibility visibility) {}

  /**
   * The check of the spec's setup: students see its status, staff also its log, the time limit it
   * measured, its warnings and each judge solution's run.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SetupOut(
      AssignmentSetup.Status status,
      Integer specVersion,
      Instant at,
      String log,
      Long timeLimitMillis,
      List<String> warnings,
      List<SetupReport.SolutionRun> solutions) {

    static SetupOut forStaff(AssignmentSetup s) {
      SetupReport r = s.report();
      return new SetupOut(
          s.status(),
          s.specVersion() == 0 ? null : s.specVersion(),
          s.at(),
          r == null ? null : r.log(),
          r == null || r.timeLimitMillis() == 0 ? null : r.timeLimitMillis(),
          r == null ? null : r.warnings(),
          r == null ? null : r.solutions());
    }

    static SetupOut forStudent(AssignmentSetup s) {
      return new SetupOut(s.status(), null, null, null, null, null, null);
    }
  }

  static AssignmentOut forStaff(AssignmentDetails a, FileRules files) {
    AssignmentRules r = a.rules();
    return new AssignmentOut(
        a.id(),
        a.courseId(),
        a.title(),
        r.description(),
        a.flavour(),
        format(a.spec()),
        r.opensAt(),
        r.dueAt(),
        r.lateUntil(),
        r.latePenaltyPercentPerDay(),
        r.submissionLimit(),
        r.defaultVisibility(),
        r.published(),
        r.gradesPublished(),
        a.specVersion(),
        a.spec().maxScore(),
        tests(a.spec()),
        null,
        a.createdAt(),
        a.spec(),
        a.specHash(),
        null,
        null,
        null,
        SetupOut.forStaff(a.setup()),
        r.countedSubmission(),
        files);
  }

  static AssignmentOut forStudent(
      AssignmentDetails a, String username, Allowance allowance, Instant now, FileRules files) {
    AssignmentRules r = a.rules();
    Extension extension = a.extensions().get(username);
    boolean pastDue = r.pastDue(now, extension);
    List<TestInfo> all = tests(a.spec());
    List<TestInfo> shown =
        all.stream()
            .filter(t -> t.visibility().shownToStudent(pastDue, r.gradesPublished()))
            .toList();
    int hidden =
        all.size() - shown.size() + (a.spec() instanceof ProblemSpec p ? p.secretTestCases() : 0);
    return new AssignmentOut(
        a.id(),
        a.courseId(),
        a.title(),
        r.description(),
        a.flavour(),
        format(a.spec()),
        r.opensAt(),
        r.dueFor(extension),
        extension != null ? extension.lateUntil() : r.lateUntil(),
        r.latePenaltyPercentPerDay(),
        r.submissionLimit(),
        r.defaultVisibility(),
        r.published(),
        r.gradesPublished(),
        a.specVersion(),
        a.spec().maxScore(),
        shown,
        hidden,
        a.createdAt(),
        null,
        null,
        extension != null,
        allowance.runsLeft(),
        allowance.resetAt(),
        SetupOut.forStudent(a.setup()),
        r.countedSubmission(),
        files);
  }

  static String format(GradingSpec spec) {
    if (spec instanceof IoSpec) {
      return "io";
    }
    return spec instanceof ProblemSpec ? "problem" : "script";
  }

  private static List<TestInfo> tests(GradingSpec spec) {
    return spec instanceof IoSpec io
        ? io.tests().stream().map(t -> new TestInfo(t.name(), t.points(), t.visibility())).toList()
        : List.of();
  }
}
