package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.ContentHash;
import dev.autograder.grading.Comparison;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.IoTest;
import dev.autograder.grading.Language;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.sandbox.TestFlavours;
import dev.autograder.submission.archive.SubmittedFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A practice job is graded in the real sandbox on what the student sees before the due date only:
 * an IO spec's visible tests, a problem package's samples. The same files graded for real meet
 * every test.
 */
class PracticeGradingTest {
  private static SubmissionGrader grader;

  /** Right for Ada, wrong for anyone else. */
  private static final List<SubmittedFile> GREETER =
      List.of(
          new SubmittedFile(
              "main.py",
              "name = input()\nprint('Hello, Ada!' if name == 'Ada' else 'Hi')\n"
                  .getBytes(StandardCharsets.UTF_8)));

  /** Adds numbers below 10 only. */
  private static final List<SubmittedFile> SMALL_ADDER =
      List.of(
          new SubmittedFile(
              "sum.py",
              "a, b = map(int, input().split())\nprint(a + b if a < 10 else 0)\n"
                  .getBytes(StandardCharsets.UTF_8)));

  @BeforeAll
  static void connect() {
    grader = new SubmissionGrader(TestFlavours.engine("practice-test-" + UUID.randomUUID()));
  }

  @AfterAll
  static void close() {
    grader.close();
  }

  private static GradingJob job(JobPriority priority) {
    return new GradingJob(
        "s1", "a1", "ada", "default", "spec", "files", 1, Instant.now(), priority);
  }

  private static IoTest test(String name, String stdin, String expected, Visibility visibility) {
    return new IoTest(
        name, stdin, List.of(), Map.of(), expected, Comparison.EXACT, 0, 0, 1, 0, visibility);
  }

  @Test
  void aPracticeRunOfAnIoSpecMeetsTheVisibleTestsOnly() throws Exception {
    IoSpec spec =
        new IoSpec(
            Language.PYTHON,
            null,
            List.of(
                test("ada", "Ada\n", "Hello, Ada!\n", Visibility.VISIBLE),
                test("grace", "Grace\n", "Hello, Grace!\n", Visibility.HIDDEN),
                test("alan", "Alan\n", "Hello, Alan!\n", Visibility.AFTER_DUE_DATE)),
            null);

    GradingResult practice =
        grader.grade(
            spec,
            GREETER,
            TestFlavours.small(),
            "practice-test",
            hash -> new byte[0],
            job(JobPriority.PRACTICE),
            progress -> {});
    assertEquals(Verdict.ACCEPTED, practice.verdict(), practice.toString());
    assertEquals(
        List.of("ada"),
        practice.tests().stream().map(TestVerdict::name).toList(),
        practice.toString());
    assertEquals(1.0, practice.score());
    assertEquals(1.0, practice.maxScore(), "scored out of the visible tests' points");

    GradingResult graded =
        grader.grade(
            spec,
            GREETER,
            TestFlavours.small(),
            "practice-test",
            hash -> new byte[0],
            job(JobPriority.INTERACTIVE),
            progress -> {});
    assertEquals(Verdict.WRONG_ANSWER, graded.verdict(), graded.toString());
    assertEquals(3, graded.tests().size(), graded.toString());
  }

  @Test
  void aPracticeRunOfAProblemMeetsItsSamplesOnly() throws Exception {
    byte[] pkg =
        TestArchives.zip(
            Map.of(
                "problem.yaml",
                "name: Sum\n",
                ".timelimit",
                "2\n",
                "data/sample/1.in",
                "1 2\n",
                "data/sample/1.ans",
                "3\n",
                "data/secret/1.in",
                "40 2\n",
                "data/secret/1.ans",
                "42\n"));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);

    GradingResult practice =
        grader.grade(
            spec,
            SMALL_ADDER,
            TestFlavours.small(),
            "practice-test",
            hash -> pkg,
            job(JobPriority.PRACTICE),
            progress -> {});
    assertEquals(Verdict.ACCEPTED, practice.verdict(), practice.toString());
    assertEquals(
        List.of("sample/1"),
        practice.tests().stream().map(TestVerdict::name).toList(),
        practice.toString());

    GradingResult graded =
        grader.grade(
            spec,
            SMALL_ADDER,
            TestFlavours.small(),
            "practice-test",
            hash -> pkg,
            job(JobPriority.INTERACTIVE),
            progress -> {});
    assertEquals(Verdict.WRONG_ANSWER, graded.verdict(), graded.toString());
    assertEquals(2, graded.tests().size(), graded.toString());
  }
}
