package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ContentHash;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.TestFlavours;
import dev.autograder.submission.archive.SubmittedFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check at upload, in the real sandbox: a Gradescope autograder's image is built with its log,
 * a problem package's judge solutions must get what their directories say.
 */
class SetupCheckTest {
  private static final String NODE = "setup-check-test-" + UUID.randomUUID();
  private static DockerSandbox sandbox;
  private static SubmissionGrader grader;

  private static final String SUM = "print(sum(map(int, input().split())))\n";
  private static final String OFF_BY_ONE = "print(sum(map(int, input().split())) + 1)\n";

  @BeforeAll
  static void connect() {
    sandbox = TestFlavours.engine(NODE);
    grader = new SubmissionGrader(sandbox);
  }

  @AfterAll
  static void nothingIsLeftBehind() throws InterruptedException {
    if (sandbox != null) {
      grader.close();
      TestFlavours.assertNothingLeftBy(sandbox.engine(), NODE);
    }
  }

  private static SetupReport check(GradingSpec spec, byte[] blob) throws Exception {
    return grader.checkSetup(spec, TestFlavours.small(), "setup-check-test", hash -> blob);
  }

  private static SetupReport checkPackage(Map<String, String> files) throws Exception {
    byte[] pkg = TestArchives.zip(new TreeMap<>(files));
    return check(new ProblemSpec(ContentHash.sha256(pkg), "Sum", 2), pkg);
  }

  private static Map<String, String> sumPackage(String problemYaml) {
    Map<String, String> files =
        new TreeMap<>(
            Map.of(
                "problem.yaml",
                problemYaml,
                "data/sample/1.in",
                "1 2\n",
                "data/sample/1.ans",
                "3\n",
                "data/secret/1.in",
                "20 22\n",
                "data/secret/1.ans",
                "42\n",
                "submissions/accepted/sum.py",
                SUM));
    return files;
  }

  @Test
  void aSetupShThatFailsFailsTheCheckWithItsLog() throws Exception {
    String marker = "setup-broke-" + UUID.randomUUID();
    byte[] archive =
        TestArchives.zip(
            new TreeMap<>(
                Map.of(
                    "run_autograder", "#!/bin/sh\n", "setup.sh", "echo " + marker + "\nexit 3\n")));
    SetupReport report = check(new ScriptSpec(ContentHash.sha256(archive), 10, 0), archive);
    assertFalse(report.ready(), report.toString());
    assertTrue(report.log().contains(marker), "setup.sh's output is in the log: " + report.log());
  }

  @Test
  void aSetupShThatWorksIsReadyWithItsBuildLog() throws Exception {
    String marker = "setup-ran-" + UUID.randomUUID();
    byte[] archive =
        TestArchives.zip(
            new TreeMap<>(
                Map.of("run_autograder", "#!/bin/sh\n", "setup.sh", "echo " + marker + "\n")));
    SetupReport report = check(new ScriptSpec(ContentHash.sha256(archive), 10, 0), archive);
    assertTrue(report.ready(), report.toString());
    assertTrue(report.log().contains(marker), report.log());
  }

  @Test
  void aWrongAnswerSolutionThatPassesFailsTheCheckNamingIt() throws Exception {
    Map<String, String> files = sumPackage("name: Sum\n");
    files.put("submissions/wrong_answer/off_by_one.py", OFF_BY_ONE);
    files.put("submissions/wrong_answer/actually_right.py", SUM);
    SetupReport report = checkPackage(files);
    assertFalse(report.ready(), report.toString());
    assertTrue(
        report.log().contains("submissions/wrong_answer/actually_right.py: ACCEPTED"),
        report.log());
    var runs =
        report.solutions().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    SetupReport.SolutionRun::path, SetupReport.SolutionRun::asExpected));
    assertEquals(
        Map.of(
            "submissions/accepted/sum.py",
            true,
            "submissions/wrong_answer/off_by_one.py",
            true,
            "submissions/wrong_answer/actually_right.py",
            false),
        runs);
  }

  @Test
  void everyCategoryGettingWhatItsDirectorySaysIsReadyAndTheDerivedLimitIsShown() throws Exception {
    Map<String, String> files = sumPackage("name: Sum\nlimits:\n  time_multiplier: 2\n");
    files.put("submissions/wrong_answer/off_by_one.py", OFF_BY_ONE);
    files.put("submissions/time_limit_exceeded/forever.py", "while True:\n    pass\n");
    files.put("submissions/run_time_error/crash.py", "raise SystemExit(1)\n");
    SetupReport report = checkPackage(files);
    assertTrue(report.ready(), report.log());
    assertEquals(
        1000, report.timeLimitMillis(), "a fast judge solution times 2, rounded up to a second");
    assertTrue(
        report.log().contains("time limit: 1000 ms (from the accepted judge solutions)"),
        report.log());
    assertEquals(List.of(), report.warnings());
    assertEquals(4, report.solutions().size(), report.solutions().toString());
  }

  @Test
  void aJudgeSolutionInALanguageTheRunnersLackIsAWarningNotAFailure() throws Exception {
    Map<String, String> files = sumPackage("name: Sum\n");
    files.put(
        "submissions/accepted/sum.kt",
        "fun main() = println(readLine()!!.split(' ').sumOf { it.toInt() })\n");
    SetupReport report = checkPackage(files);
    assertTrue(report.ready(), report.log());
    assertEquals(
        List.of(
            "submissions/accepted/sum.kt skipped: not in a language the runners have (C, C++, Java,"
                + " Python)"),
        report.warnings(),
        "once, though it is skipped for the time limit too");
  }

  @Test
  void anAcceptedSolutionThatFailsFailsTheCheckNamingIt() throws Exception {
    Map<String, String> files = sumPackage("name: Sum\nlimits:\n  time_limit: 2\n");
    files.put("submissions/accepted/wrong.py", OFF_BY_ONE);
    SetupReport report = checkPackage(files);
    assertFalse(report.ready(), report.log());
    assertTrue(
        report
            .log()
            .lines()
            .anyMatch(
                line ->
                    line.startsWith("submissions/accepted/wrong.py: WRONG_ANSWER")
                        && line.contains("NOT AS EXPECTED")),
        report.log());
    assertEquals(2000, report.timeLimitMillis(), "the explicit limit");
  }

  @Test
  void gradingUsesTheTimeLimitTheCheckMeasuredRatherThanDerivingItAgain() throws Exception {
    String sleeper = "import time\ntime.sleep(1.2)\nprint(sum(map(int, input().split())))\n";
    byte[] pkg =
        TestArchives.zip(
            new TreeMap<>(
                Map.of(
                    "problem.yaml",
                    "name: Sum\n",
                    "data/secret/1.in",
                    "1 2\n",
                    "data/secret/1.ans",
                    "3\n",
                    "submissions/accepted/sum.py",
                    SUM)));
    ProblemSpec spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);
    List<SubmittedFile> slow =
        List.of(new SubmittedFile("sum.py", sleeper.getBytes(StandardCharsets.UTF_8)));
    GradingResult derivedHere =
        grader.grade(
            spec, slow, TestFlavours.small(), "setup-check-test", hash -> pkg, progress -> {});
    assertEquals(
        Verdict.TIME_LIMIT, derivedHere.verdict(), "a fast judge solution times 5 is a second");
    GradingJob job =
        new GradingJob(
                "s1",
                "a1",
                "ada",
                "default",
                "spec",
                "files",
                1,
                Instant.now(),
                JobPriority.INTERACTIVE)
            .withTimeLimitMillis(2500);
    GradingResult measured =
        grader.grade(
            spec, slow, TestFlavours.small(), "setup-check-test", hash -> pkg, job, progress -> {});
    assertEquals(Verdict.ACCEPTED, measured.verdict(), measured.toString());
  }

  @Test
  void aValidatorThatDoesNotBuildFailsTheCheckEvenWithNoJudgeSolutionToRunIt() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            new TreeMap<>(
                Map.of(
                    "problem.yaml",
                    "name: Sum\nvalidation: custom\n" + "limits:\n  time_limit: 2\n",
                    "data/secret/1.in",
                    "1 2\n",
                    "data/secret/1.ans",
                    "3\n",
                    "output_validators/checker/checker.c",
                    "int main(void) { return missing_function(); }\n")));
    SetupReport report = check(new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1), pkg);
    assertFalse(report.ready(), report.log());
    assertTrue(report.log().contains("the output validator does not build"), report.log());
    assertTrue(
        report.log().contains("missing_function"),
        "the compiler's message names what is wrong: " + report.log());
  }

  @Test
  void anInteractorThatDoesNotBuildFailsTheCheck() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            new TreeMap<>(
                Map.of(
                    "problem.yaml",
                    "problem_format_version: 2023-07\nname: Guess\ntype: interactive\n"
                        + "limits:\n  time_limit: 2\n",
                    "data/secret/1.in",
                    "7\n",
                    "data/secret/1.ans",
                    "7\n",
                    "output_validator/interactor.cpp",
                    "int main() { this is not C++ }\n")));
    SetupReport report = check(new ProblemSpec(ContentHash.sha256(pkg), "Guess", 1), pkg);
    assertFalse(report.ready(), report.log());
    assertTrue(report.log().contains("the interactor does not build"), report.log());
  }

  @Test
  void aTooSlowSolutionMustTimeOutEvenWithTheLimitTimesTheSafetyMargin() throws Exception {
    Map<String, String> files =
        sumPackage("name: Sum\nlimits:\n  time_limit: 1\n  time_safety_margin: 2\n");
    files.put(
        "submissions/time_limit_exceeded/barely.py",
        "import time\ntime.sleep(1.4)\nprint(sum(map(int, input().split())))\n");
    SetupReport report = checkPackage(files);
    assertFalse(
        report.ready(),
        "1.4 s is over the 1 s limit but within 2 s: too close to tell " + report.log());
    assertTrue(
        report.log().contains("submissions/time_limit_exceeded/barely.py: ACCEPTED"), report.log());
    assertTrue(report.log().contains("must time out with it times 2.0"), report.log());
  }
}
