package dev.autograder.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.Verdict;
import dev.autograder.problem.JudgeSolutions.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each directory of submissions/ requires of its judge solutions' verdicts. */
class JudgeSolutionsTest {
  private static final Verdict AC = Verdict.ACCEPTED;
  private static final Verdict WA = Verdict.WRONG_ANSWER;
  private static final Verdict TLE = Verdict.TIME_LIMIT;
  private static final Verdict RTE = Verdict.RUNTIME_ERROR;

  @Test
  void eachCategoryPermitsAcceptedAndItsOwnVerdictAndRequiresItOnce() {
    assertTrue(Category.ACCEPTED.unmet(List.of(AC, AC)).isEmpty());
    assertTrue(Category.ACCEPTED.unmet(List.of(AC, WA)).isPresent());
    assertTrue(Category.WRONG_ANSWER.unmet(List.of(AC, WA)).isEmpty());
    assertTrue(
        Category.WRONG_ANSWER
            .unmet(List.of(AC, AC))
            .orElseThrow()
            .contains("passed every test case"));
    assertTrue(
        Category.WRONG_ANSWER.unmet(List.of(WA, TLE)).orElseThrow().contains("got TIME_LIMIT"));
    assertTrue(Category.TIME_LIMIT_EXCEEDED.unmet(List.of(AC, TLE)).isEmpty());
    assertTrue(Category.TIME_LIMIT_EXCEEDED.unmet(List.of(RTE)).isPresent());
    assertTrue(Category.RUN_TIME_ERROR.unmet(List.of(RTE, AC)).isEmpty());
    assertTrue(
        Category.RUN_TIME_ERROR.unmet(List.of(Verdict.MEMORY_LIMIT)).isEmpty(),
        "out of memory is a crash");
    assertTrue(
        Category.ACCEPTED.unmet(List.of()).isPresent(),
        "a solution run on no test case proves nothing");
  }

  @Test
  void everyDirectoryIsReadAcceptedFirst() throws Exception {
    byte[] zip =
        TestZip.minimal()
            .with("submissions/wrong_answer/off.py", "print(0)\n")
            .with("submissions/accepted/sum.py", "print(1)\n")
            .with("submissions/run_time_error/crash/Main.java", "class Main {}\n")
            .with("submissions/time_limit_exceeded/loop.c", "int main() { for (;;); }\n")
            .with("submissions/slow_accepted/slow.py", "print(1)\n")
            .bytes();
    assertEquals(
        List.of(
            "submissions/accepted/sum.py",
            "submissions/wrong_answer/off.py",
            "submissions/time_limit_exceeded/loop.c",
            "submissions/run_time_error/crash"),
        JudgeSolutions.read(zip, 1 << 20).stream().map(JudgeSolutions.Solution::path).toList());
  }
}
