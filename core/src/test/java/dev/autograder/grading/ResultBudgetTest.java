package dev.autograder.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A result is cut to the cluster's budget: only its texts shrink, fairly, and it says so. */
class ResultBudgetTest {
  private static final ResultBudget BUDGET = new ResultBudget(256 * 1024);

  /** Issue 15: a program that writes 3,000 characters to stderr and exits 1, on 250 tests. */
  static GradingResult crashingOnEveryTest(int tests, String stderr) {
    List<TestVerdict> verdicts =
        IntStream.rangeClosed(1, tests)
            .mapToObj(
                i ->
                    new TestVerdict(
                        "test-" + i,
                        "1." + i,
                        Verdict.RUNTIME_ERROR,
                        0,
                        2,
                        30 + i,
                        20 + i,
                        9000 + i,
                        1,
                        0,
                        Visibility.VISIBLE,
                        "exit code 1; stderr:\n" + stderr + "\nend of test " + i,
                        List.of("io")))
            .toList();
    return new GradingResult(
        Verdict.RUNTIME_ERROR,
        0,
        2.0 * tests,
        "compiled",
        verdicts,
        "",
        Visibility.VISIBLE,
        "",
        Visibility.HIDDEN,
        90_000,
        "",
        List.of());
  }

  @Test
  void theIssuesResultOf250FailingTestsIsCutUnderTheBudgetKeepingEveryVerdictScoreAndTime() {
    GradingResult full =
        crashingOnEveryTest(250, "Traceback: boom ".repeat(3000 / 16) + "x".repeat(8));
    assertTrue(
        ResultBudget.sizeOf(full) > 768 * 1024, "the test's result is as large as the issue's");

    GradingResult bounded = BUDGET.bound(full);

    assertTrue(
        ResultBudget.sizeOf(bounded) <= BUDGET.bytes(), ResultBudget.sizeOf(bounded) + " bytes");
    assertEquals(full.verdict(), bounded.verdict());
    assertEquals(full.score(), bounded.score());
    assertEquals(full.maxScore(), bounded.maxScore());
    assertEquals(full.executionMillis(), bounded.executionMillis());
    assertEquals(full.compileOutput(), bounded.compileOutput(), "the tests' feedback goes first");
    assertEquals(250, bounded.tests().size());
    for (int i = 0; i < 250; i++) {
      TestVerdict before = full.tests().get(i);
      TestVerdict after = bounded.tests().get(i);
      assertEquals(
          before,
          new TestVerdict(
              after.name(),
              after.number(),
              after.verdict(),
              after.score(),
              after.maxScore(),
              after.wallMillis(),
              after.cpuMillis(),
              after.peakMemoryKib(),
              after.exitCode(),
              after.signal(),
              after.visibility(),
              before.feedback(),
              after.tags()),
          "only the feedback of test " + i);
      assertTrue(after.feedback().startsWith("exit code 1; stderr:\nTraceback"), after.feedback());
      assertTrue(
          after.feedback().endsWith("end of test " + (i + 1)),
          "the end of stderr stays: " + after.feedback());
      assertTrue(after.feedback().contains(ResultBudget.CUT));
    }
    var kept =
        bounded.tests().stream()
            .mapToLong(t -> ResultBudget.utf8Length(t.feedback()))
            .summaryStatistics();
    assertTrue(
        kept.getMax() - kept.getMin() <= 4,
        "every test keeps as much feedback as every other: " + kept);
    assertTrue(
        bounded.output().startsWith("... feedback cut: the result was over 256 KiB"),
        bounded.output());
  }

  @Test
  void aResultWithinTheBudgetIsLeftAsItIs() {
    GradingResult small = crashingOnEveryTest(20, "boom");
    assertSame(small, BUDGET.bound(small));
  }

  @Test
  void shortFeedbackStaysWholeWhileTheLongOnesAreCut() {
    List<TestVerdict> tests =
        IntStream.rangeClosed(1, 100)
            .mapToObj(
                i ->
                    new TestVerdict(
                        "t" + i,
                        "",
                        Verdict.WRONG_ANSWER,
                        0,
                        1,
                        1,
                        1,
                        1,
                        0,
                        0,
                        Visibility.VISIBLE,
                        i % 2 == 0 ? "short " + i : "y".repeat(20_000),
                        List.of()))
            .toList();
    GradingResult bounded =
        new ResultBudget(64 * 1024)
            .bound(GradingResult.of(Verdict.WRONG_ANSWER, 50, 100, "", tests, ""));
    assertTrue(ResultBudget.sizeOf(bounded) <= 64 * 1024);
    for (int i = 2; i <= 100; i += 2) {
      assertEquals("short " + i, bounded.tests().get(i - 1).feedback());
    }
    assertTrue(
        bounded.tests().get(0).feedback().length() > 200, "the long ones share what is left");
  }

  @Test
  void whenTheTestsFeedbackIsNotEnoughTheCompileOutputAndTheOutputAreCutToo() {
    GradingResult huge =
        new GradingResult(
            Verdict.COMPILE_ERROR,
            0,
            10,
            "error: " + "e".repeat(300_000),
            List.of(),
            "o".repeat(300_000),
            Visibility.VISIBLE,
            "staff ".repeat(50_000),
            Visibility.HIDDEN,
            5,
            "{\"big\":\"" + "d".repeat(100_000) + "\"}",
            List.of());
    GradingResult bounded = BUDGET.bound(huge);
    assertTrue(ResultBudget.sizeOf(bounded) <= BUDGET.bytes());
    assertTrue(bounded.compileOutput().startsWith("error: eee"), "the compiler's first words stay");
    assertTrue(bounded.output().startsWith(BUDGET.note() + "\n\nooo"));
    assertFalse(bounded.log().isEmpty());
    assertEquals(Verdict.COMPILE_ERROR, bounded.verdict());
  }

  @Test
  void textsAreCutOnCharacterBoundariesAndCountedInBytes() {
    GradingResult wide = crashingOnEveryTest(250, "é😀漢".repeat(1000));
    GradingResult bounded = BUDGET.bound(wide);
    assertTrue(ResultBudget.sizeOf(bounded) <= BUDGET.bytes());
    for (TestVerdict t : bounded.tests()) {
      String f = t.feedback();
      for (int i = 0; i < f.length(); i++) {
        char c = f.charAt(i);
        assertFalse(
            Character.isHighSurrogate(c)
                && (i + 1 == f.length() || !Character.isLowSurrogate(f.charAt(i + 1))),
            "no half of a character at " + i);
        if (Character.isHighSurrogate(c)) {
          i++;
        }
      }
    }
  }

  @Test
  void aNodeRefusesABudgetThatWouldNotFitInArterysFrame() {
    var config =
        ConfigFactory.parseString(
            """
        autograder.result-budget = 1 MiB
        pekko.remote.artery.advanced.maximum-frame-size = 1 MiB
        """);
    var refused = assertThrows(IllegalStateException.class, () -> ResultBudget.fromConfig(config));
    assertTrue(refused.getMessage().contains("autograder.result-budget"), refused.getMessage());
    assertEquals(
        256 * 1024,
        ResultBudget.fromConfig(
                ConfigFactory.parseString("autograder.result-budget = 256 KiB")
                    .withFallback(config))
            .bytes());
  }
}
