package dev.autograder.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultOutputValidatorTest {

  private static void accepted(String answer, String output, String... flags) {
    Judgement j = DefaultOutputValidator.judge(answer, output, List.of(flags));
    assertTrue(j.accepted(), "'" + output + "' should match '" + answer + "' but: " + j.message());
  }

  private static String rejected(String answer, String output, String... flags) {
    Judgement j = DefaultOutputValidator.judge(answer, output, List.of(flags));
    assertFalse(j.accepted(), "'" + output + "' should not match '" + answer + "'");
    return j.message();
  }

  @Test
  void theSameOutputIsAccepted() {
    assertEquals(
        new Judgement(true, "accepted"), DefaultOutputValidator.judge("3\n", "3\n", List.of()));
    accepted("", "");
  }

  @Test
  void anyRunOfWhitespaceMatchesAnyOtherByDefault() {
    accepted("1 2 3\n4\n", "1\t2\n\n3   4");
    accepted("1 2\n", "  1 2\r\n\r\n");
    accepted("", " \n\t\n");
  }

  @Test
  void caseIsIgnoredUnlessCaseSensitive() {
    accepted("Yes\n", "YES\n");
    assertEquals(
        "token 1 (line 1): expected 'Yes', got 'YES'",
        rejected("Yes\n", "YES\n", "case_sensitive"));
    accepted("Yes\n", "Yes\n", "case_sensitive");
  }

  @Test
  void onlyAsciiLettersChangeCase() {
    rejected("É\n", "é\n");
    accepted("ÉA\n", "Éa\n");
  }

  @Test
  void spaceChangeSensitiveRejectsDoubleSpaces() {
    accepted("1 2\n3\n", "1 2\n3\n", "space_change_sensitive");
    assertEquals(
        "token 2 (line 1): expected whitespace ' ' before it, got '  '",
        rejected("1 2\n", "1  2\n", "space_change_sensitive"));
    assertEquals(
        "token 2 (line 2): expected whitespace ' ' before it, got '\\n'",
        rejected("1 2\n", "1\n2\n", "space_change_sensitive"));
    assertEquals(
        "token 1 (line 1): expected whitespace '' before it, got ' '",
        rejected("1\n", " 1\n", "space_change_sensitive"));
  }

  @Test
  void spaceChangeSensitiveChecksTheWhitespaceAtTheEnd() {
    assertEquals(
        "the whitespace at the end differs: expected '\\n', got ''",
        rejected("1 2\n", "1 2", "space_change_sensitive"));
    rejected("1 2\n", "1 2\r\n", "space_change_sensitive");
    rejected("", "\n", "space_change_sensitive");
  }

  @Test
  void floatTokensMatchWithinEitherTolerance() {
    accepted("100\n", "100.5\n", "float_absolute_tolerance", "0.5");
    rejected("100\n", "100.6\n", "float_absolute_tolerance", "0.5");
    accepted("100\n", "100.9\n", "float_relative_tolerance", "0.01");
    rejected("100\n", "101.1\n", "float_relative_tolerance", "0.01");
    // float_tolerance sets both: near zero the absolute one decides, for large values the relative
    // one.
    accepted("0\n", "0.000001\n", "float_tolerance", "1e-6");
    accepted("1000000\n", "1000000.9\n", "float_tolerance", "1e-6");
    rejected("1000000\n", "1000001.1\n", "float_tolerance", "1e-6");
    // Both set apart: within either is enough.
    accepted(
        "1000\n",
        "1000.05\n",
        "float_absolute_tolerance",
        "0.1",
        "float_relative_tolerance",
        "1e-9");
    accepted(
        "1000\n",
        "1000.5\n",
        "float_absolute_tolerance",
        "0.1",
        "float_relative_tolerance",
        "1e-3");
    assertEquals(
        "token 1 (line 1): expected '100', got '100.6' (beyond the tolerance)",
        rejected("100\n", "100.6\n", "float_absolute_tolerance", "0.5"));
  }

  @Test
  void anyFloatFormattingIsAcceptedWithATolerance() {
    accepted("0.0314\n", "3.14000000e-2\n", "float_tolerance", "1e-9");
    accepted("1\n", "+1.\n", "float_tolerance", "1e-9");
    accepted("0.5\n", ".5E0\n", "float_tolerance", "1e-9");
    accepted("-2\n", "-2.000\n", "float_tolerance", "0");
  }

  @Test
  void withoutAToleranceNumbersCompareAsText() {
    assertEquals("token 1 (line 1): expected '1', got '1.0'", rejected("1\n", "1.0\n"));
    accepted("1e5\n", "1E5\n");
  }

  @Test
  void aNonNumberIsRefusedWhereANumberIsExpected() {
    assertEquals(
        "token 2 (line 1): expected a number like '2.5', got 'abc'",
        rejected("1 2.5\n", "1 abc\n", "float_tolerance", "1e-6"));
    for (String notANumber : List.of("1.5d", "0x10", "1e", "1,5", "Infinityx")) {
      rejected("16\n", notANumber + "\n", "float_tolerance", "1e-6");
    }
  }

  @Test
  void answerTokensThatAreNotNumbersCompareAsTextEvenWithATolerance() {
    accepted("Case #1: 0.5\n", "case #1: 0.50001\n", "float_tolerance", "1e-3");
    rejected("Case #1: 0.5\n", "Case 1: 0.5\n", "float_tolerance", "1e-3");
  }

  @Test
  void nanAndInfinityMatchOnlyThemselves() {
    rejected("1\n", "nan\n", "float_tolerance", "1e-6");
    rejected("1\n", "inf\n", "float_tolerance", "1e-6");
    rejected("1e308\n", "inf\n", "float_relative_tolerance", "1");
    accepted("inf\n", "Infinity\n", "float_tolerance", "1e-6");
    accepted("-inf\n", "-INF\n", "float_tolerance", "1e-6");
    rejected("inf\n", "-inf\n", "float_tolerance", "1e-6");
    rejected("inf\n", "1e300\n", "float_tolerance", "1e-6");
    accepted("nan\n", "NaN\n", "float_tolerance", "1e-6");
    rejected("nan\n", "0\n", "float_tolerance", "1e-6");
  }

  @Test
  void missingTokensAreAWrongAnswer() {
    assertEquals(
        "the output has fewer tokens than expected (2 of 3)", rejected("1 2 3\n", "1 2\n"));
    assertEquals("the output has fewer tokens than expected (0 of 1)", rejected("1\n", ""));
  }

  @Test
  void extraTokensAreAWrongAnswer() {
    assertEquals("the output has extra tokens after token 3", rejected("1 2 3\n", "1 2 3 4\n"));
    assertEquals("the output should be empty, got 'debug'", rejected("\n", "debug output\n"));
  }

  @Test
  void theMessageSaysWhereTheOutputFirstDiffers() {
    assertEquals("token 3 (line 2): expected '5', got '6'", rejected("1 2\n5 7\n", "1 2\n6 8\n"));
    assertEquals("token 2 (line 4): expected 'b', got 'c'", rejected("a b", "a\n\n\nc"));
  }

  @Test
  void longTokensAreCutShortInTheMessage() {
    String message = rejected("x".repeat(1000), "y".repeat(1000));
    assertEquals(
        "token 1 (line 1): expected '" + "x".repeat(50) + "...', got '" + "y".repeat(50) + "...'",
        message);
  }

  @Test
  void controlCharactersAreNotPrintedAsIs() {
    assertEquals("token 1 (line 1): expected 'a', got 'a?b'", rejected("a", "a\0b"));
  }

  @Test
  void unknownFlagsAreRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DefaultOutputValidator.judge("1", "1", List.of("ignore_case")));
    assertTrue(e.getMessage().contains("ignore_case"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> DefaultOutputValidator.judge("1", "1", List.of("float_tolerance")));
    assertThrows(
        IllegalArgumentException.class,
        () -> DefaultOutputValidator.judge("1", "1", List.of("float_tolerance", "small")));
    assertThrows(
        IllegalArgumentException.class,
        () -> DefaultOutputValidator.judge("1", "1", List.of("float_absolute_tolerance", "-1")));
  }
}
