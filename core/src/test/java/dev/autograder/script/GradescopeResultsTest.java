package dev.autograder.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.GradingResult;
import dev.autograder.grading.LeaderboardEntry;
import dev.autograder.grading.StudentResult;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradescopeResultsTest {
  private static final String FULL =
      """
      { "score": 44.0,
        "execution_time": 136,
        "output": "Text relevant to the entire submission",
        "output_format": "simple_format",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": "after_due_date",
        "stdout_visibility": "visible",
        "extra_data": { "seed": 7, "notes": ["a", "b"] },
        "tests": [
          { "score": 2.0, "max_score": 2.0, "status": "passed",
            "name": "Your name here", "name_format": "text", "number": "1.1",
            "output": "Giant multiline string\\nsecond line", "output_format": "text",
            "tags": ["tag1", "tag2"], "visibility": "visible", "extra_data": { "k": 1 } },
          { "score": 0, "max_score": 3, "status": "failed", "name": "Secret", "number": "1.2",
            "visibility": "hidden" },
          { "score": 1, "max_score": 1, "name": "Style", "visibility": "after_due_date" },
          { "score": 1, "max_score": 1, "name": "Report", "visibility": "after_published" }
        ],
        "leaderboard": [
          { "name": "Accuracy", "value": 0.926 },
          { "name": "Time", "value": 15.1, "order": "asc" },
          { "name": "Stars", "value": "*****" }
        ]
      }
      """;

  private static GradingResult read(String json) {
    return GradescopeResults.read(json.getBytes(StandardCharsets.UTF_8), 10, "harness says hi");
  }

  private static String error(String json) {
    return assertThrows(InvalidResultsException.class, () -> read(json), json).getMessage();
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(actual.contains(expected), () -> "expected \"" + expected + "\" in: " + actual);
  }

  private static TestVerdict onlyTest(String testJson) {
    GradingResult result = read("{ \"tests\": [" + testJson + "] }");
    assertEquals(1, result.tests().size());
    return result.tests().get(0);
  }

  @Test
  void everyFieldOfTheFormatIsRead() {
    GradingResult result =
        GradescopeResults.read(FULL.getBytes(StandardCharsets.UTF_8), 50, "stdout of run");

    assertEquals(Verdict.WRONG_ANSWER, result.verdict(), "one test failed");
    assertEquals(44.0, result.score());
    assertEquals(50.0, result.maxScore());
    assertEquals("", result.compileOutput());
    assertEquals("Text relevant to the entire submission", result.output());
    assertEquals(Visibility.AFTER_DUE_DATE, result.visibility());
    assertEquals("stdout of run", result.log());
    assertEquals(Visibility.VISIBLE, result.logVisibility());
    assertEquals(136_000, result.executionMillis());
    assertEquals("{\"seed\":7,\"notes\":[\"a\",\"b\"]}", result.extraData());
    assertEquals(
        List.of(
            new LeaderboardEntry("Accuracy", "0.926", false),
            new LeaderboardEntry("Time", "15.1", true),
            new LeaderboardEntry("Stars", "*****", false)),
        result.leaderboard());

    assertEquals(4, result.tests().size());
    assertEquals(
        new TestVerdict(
            "Your name here",
            "1.1",
            Verdict.ACCEPTED,
            2.0,
            2.0,
            -1,
            -1,
            -1,
            -1,
            0,
            Visibility.VISIBLE,
            "Giant multiline string\nsecond line",
            List.of("tag1", "tag2")),
        result.tests().get(0));
    assertEquals(
        new TestVerdict(
            "Secret",
            "1.2",
            Verdict.WRONG_ANSWER,
            0,
            3,
            -1,
            -1,
            -1,
            -1,
            0,
            Visibility.HIDDEN,
            "",
            List.of()),
        result.tests().get(1));
    assertEquals(Visibility.AFTER_DUE_DATE, result.tests().get(2).visibility());
    assertEquals(Visibility.AFTER_PUBLISHED, result.tests().get(3).visibility());
  }

  @Test
  void theScoreIsTheSumOfTestScoresWhenNoTopLevelScore() {
    GradingResult result =
        read(
            """
        { "tests": [ { "score": 1.5, "max_score": 2 }, { "max_score": 3 }, { "score": 2, "max_score": 5 } ] }
        """);
    assertEquals(3.5, result.score());
    assertEquals(10.0, result.maxScore(), "the assignment's max score");
  }

  @Test
  void theTopLevelScoreWinsOverTheTestsScores() {
    GradingResult result =
        read(
            """
        { "score": 7, "tests": [ { "score": 1, "max_score": 1 }, { "score": 1, "max_score": 1 } ] }
        """);
    assertEquals(7.0, result.score());
  }

  @Test
  void theMaxScoreIsTheSumOfTestMaxScoresWhenTheAssignmentHasNone() {
    byte[] json =
        """
        { "tests": [ { "score": 1, "max_score": 2 }, { "score": 3, "max_score": 4.5 }, { "score": 1 } ] }
        """
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(6.5, GradescopeResults.read(json, 0, "").maxScore());
    assertEquals(6.5, GradescopeResults.read(json, -1, "").maxScore());
    assertEquals(20.0, GradescopeResults.read(json, 20, "").maxScore());
  }

  @Test
  void aTestWithoutStatusPassesWhenItHasFullMarks() {
    assertEquals(Verdict.ACCEPTED, onlyTest("{ \"score\": 2, \"max_score\": 2 }").verdict());
    assertEquals(
        Verdict.ACCEPTED, onlyTest("{ \"score\": 3, \"max_score\": 2 }").verdict(), "extra credit");
    assertEquals(Verdict.WRONG_ANSWER, onlyTest("{ \"score\": 1.5, \"max_score\": 2 }").verdict());
    assertEquals(
        Verdict.WRONG_ANSWER,
        read("{ \"score\": 0, \"tests\": [ { \"max_score\": 2 } ] }").tests().get(0).verdict(),
        "no score is 0 points");
  }

  @Test
  void aTestWithNeitherStatusNorMaxScoreIsNotAFailure() {
    TestVerdict test = onlyTest("{ \"score\": 0, \"output\": \"just information\" }");
    assertEquals(Verdict.ACCEPTED, test.verdict());
    assertEquals(0.0, test.maxScore());
  }

  @Test
  void theStatusDecidesOverTheScore() {
    assertEquals(
        Verdict.WRONG_ANSWER,
        onlyTest("{ \"score\": 2, \"max_score\": 2, \"status\": \"failed\" }").verdict());
    assertEquals(
        Verdict.ACCEPTED,
        onlyTest("{ \"score\": 0, \"max_score\": 2, \"status\": \"passed\" }").verdict());
  }

  @Test
  void aPassedTestWithoutMaxScoreIsWorthItsScore() {
    TestVerdict passed = onlyTest("{ \"score\": 4, \"status\": \"passed\" }");
    assertEquals(4.0, passed.maxScore());
    TestVerdict failed = onlyTest("{ \"score\": 4, \"status\": \"failed\" }");
    assertEquals(0.0, failed.maxScore());
  }

  @Test
  void aTestOnlyNeedsAnObjectAndTheRestHasDefaults() {
    GradingResult result = read("{ \"score\": 1, \"tests\": [ {}, {} ] }");
    assertEquals(
        new TestVerdict(
            "Test 1",
            "",
            Verdict.ACCEPTED,
            0,
            0,
            -1,
            -1,
            -1,
            -1,
            0,
            Visibility.VISIBLE,
            "",
            List.of()),
        result.tests().get(0));
    assertEquals("Test 2", result.tests().get(1).name());
  }

  @Test
  void aNumericTestNumberIsTakenAsItsText() {
    assertEquals("3", onlyTest("{ \"score\": 1, \"number\": 3 }").number());
    assertEquals("2.5", onlyTest("{ \"score\": 1, \"number\": 2.5 }").number());
  }

  @Test
  void theSubmissionIsAcceptedOnlyWhenEveryTestPassed() {
    assertEquals(
        Verdict.ACCEPTED,
        read("""
        { "tests": [ { "score": 1, "max_score": 1 }, { "score": 1, "status": "passed" } ] }
        """)
            .verdict());
    assertEquals(
        Verdict.WRONG_ANSWER,
        read("""
        { "tests": [ { "score": 1, "max_score": 1 }, { "score": 1, "status": "failed" } ] }
        """)
            .verdict());
    assertEquals(
        Verdict.WRONG_ANSWER,
        read("""
        { "score": 10, "tests": [ { "score": 0, "max_score": 1 } ] }
        """)
            .verdict(),
        "a failed test fails the submission whatever the top-level score");
  }

  @Test
  void withoutTestsTheScoreAgainstTheMaxScoreDecides() {
    assertEquals(Verdict.ACCEPTED, read("{ \"score\": 10 }").verdict());
    assertEquals(Verdict.ACCEPTED, read("{ \"score\": 12, \"tests\": [] }").verdict());
    assertEquals(Verdict.WRONG_ANSWER, read("{ \"score\": 9.5 }").verdict());
    assertEquals(
        Verdict.ACCEPTED,
        GradescopeResults.read("{ \"score\": 0 }".getBytes(StandardCharsets.UTF_8), 0, "")
            .verdict(),
        "nothing to fall short of");
  }

  @Test
  void stdoutIsHiddenFromStudentsUnlessStdoutVisibilitySaysOtherwise() {
    GradingResult hidden = read("{ \"score\": 10 }");
    assertEquals(Visibility.HIDDEN, hidden.logVisibility());
    assertEquals("harness says hi", hidden.log());
    assertEquals("", hidden.forStudent(true, true).log());

    GradingResult shown = read("{ \"score\": 10, \"stdout_visibility\": \"visible\" }");
    assertEquals(Visibility.VISIBLE, shown.logVisibility());
    assertEquals("harness says hi", shown.forStudent(false, false).log());

    GradingResult afterDue = read("{ \"score\": 10, \"stdout_visibility\": \"after_due_date\" }");
    assertEquals("", afterDue.forStudent(false, false).log());
    assertEquals("harness says hi", afterDue.forStudent(true, false).log());
  }

  @Test
  void theResultIsVisibleUnlessTheVisibilitySaysOtherwise() {
    assertEquals(Visibility.VISIBLE, read("{ \"score\": 10 }").visibility());
    Map<String, Visibility> expected =
        Map.of(
            "visible",
            Visibility.VISIBLE,
            "hidden",
            Visibility.HIDDEN,
            "after_due_date",
            Visibility.AFTER_DUE_DATE,
            "after_published",
            Visibility.AFTER_PUBLISHED);
    expected.forEach(
        (name, visibility) -> {
          GradingResult result =
              read(
                  "{ \"score\": 10, \"visibility\": \""
                      + name
                      + "\", \"stdout_visibility\": \""
                      + name
                      + "\", \"tests\": [ { \"score\": 1, \"visibility\": \""
                      + name
                      + "\" } ] }");
          assertEquals(visibility, result.visibility(), name);
          assertEquals(visibility, result.logVisibility(), name);
          assertEquals(visibility, result.tests().get(0).visibility(), name);
        });
  }

  @Test
  void anUnknownVisibilityIsAnErrorNamingTheValueAndTheAllowedOnes() {
    String allowed = "allowed values are visible, hidden, after_due_date, after_published";
    String top = error("{ \"score\": 1, \"visibility\": \"private\" }");
    assertContains("visibility is \"private\"", top);
    assertContains(allowed, top);
    String stdout = error("{ \"score\": 1, \"stdout_visibility\": \"Visible\" }");
    assertContains("stdout_visibility is \"Visible\"", stdout);
    assertContains(allowed, stdout);
    String test =
        error(
            "{ \"tests\": [ { \"score\": 1 }, { \"score\": 1, \"visibility\": \"after_due\" } ] }");
    assertContains("tests[1].visibility is \"after_due\"", test);
    assertContains(allowed, test);
    assertContains(
        "visibility is not a string (found the number 1)",
        error("{ \"score\": 1, \"visibility\": 1 }"));
  }

  @Test
  void theStudentDoesNotSeeHiddenOrAfterDueDateTestsBeforeTheDueDate() {
    GradingResult result =
        read(
            """
        { "tests": [
          { "name": "open", "score": 1, "max_score": 1 },
          { "name": "secret", "score": 1, "max_score": 1, "visibility": "hidden" },
          { "name": "later", "score": 0, "max_score": 1, "visibility": "after_due_date" } ] }
        """);
    StudentResult beforeDue = result.forStudent(false, false);
    assertEquals(List.of("open"), beforeDue.tests().stream().map(TestVerdict::name).toList());
    assertEquals(2, beforeDue.hiddenTests());
    assertEquals(2.0, beforeDue.score(), "withheld tests still count");

    StudentResult afterDue = result.forStudent(true, false);
    assertEquals(
        List.of("open", "later"), afterDue.tests().stream().map(TestVerdict::name).toList());
  }

  @Test
  void anAfterDueDateResultShowsNoVerdictOrScoreBeforeTheDueDate() {
    StudentResult beforeDue = read(FULL).forStudent(false, false);
    assertNull(beforeDue.verdict());
    assertNull(beforeDue.score());
    assertEquals(List.of(), beforeDue.tests());
    assertEquals("", beforeDue.output());
    assertEquals(List.of(), beforeDue.leaderboard());
    assertEquals(Verdict.WRONG_ANSWER, read(FULL).forStudent(true, false).verdict());
  }

  @Test
  void longOutputsAreTruncatedWithANote() {
    String longText = "x".repeat(GradescopeResults.MAX_OUTPUT_CHARS + 5);
    GradingResult result =
        GradescopeResults.read(
            ("{ \"score\": 1, \"output\": \""
                    + longText
                    + "\", \"tests\": [ { \"score\": 1, \"output\": \""
                    + longText
                    + "\" } ] }")
                .getBytes(StandardCharsets.UTF_8),
            1,
            "y".repeat(GradescopeResults.MAX_LOG_CHARS + 1));
    String expected = "x".repeat(GradescopeResults.MAX_OUTPUT_CHARS) + "\n… (truncated)";
    assertEquals(expected, result.output());
    assertEquals(expected, result.tests().get(0).feedback());
    assertEquals("y".repeat(GradescopeResults.MAX_LOG_CHARS) + "\n… (truncated)", result.log());

    String exact = "z".repeat(GradescopeResults.MAX_OUTPUT_CHARS);
    assertEquals(
        exact,
        read("{ \"score\": 1, \"output\": \"" + exact + "\" }").output(),
        "at the limit: kept whole");
  }

  @Test
  void truncationDoesNotSplitACharacterOutsideTheBasicPlane() {
    String text = "a".repeat(GradescopeResults.MAX_OUTPUT_CHARS - 1) + "😀😀";
    String output = read("{ \"score\": 1, \"output\": \"" + text + "\" }").output();
    assertEquals("a".repeat(GradescopeResults.MAX_OUTPUT_CHARS - 1) + "\n… (truncated)", output);
  }

  @Test
  void aMissingHarnessStdoutIsAnEmptyLog() {
    assertEquals(
        "",
        GradescopeResults.read("{\"score\":1}".getBytes(StandardCharsets.UTF_8), 1, null).log());
  }

  @Test
  void executionTimeIsInSeconds() {
    assertEquals(136_000, read("{ \"score\": 1, \"execution_time\": 136 }").executionMillis());
    assertEquals(2_500, read("{ \"score\": 1, \"execution_time\": 2.5 }").executionMillis());
    assertEquals(0, read("{ \"score\": 1 }").executionMillis());
    assertContains(
        "execution_time is not a number (found the string \"12s\")",
        error("{ \"score\": 1, \"execution_time\": \"12s\" }"));
  }

  @Test
  void extraDataIsKeptAsCompactJson() {
    assertEquals(
        "{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}",
        read("{ \"score\": 1, \"extra_data\": { \"a\" : [ 1, 2.5, \"x\" ],\n \"b\": { \"c\": null } } }")
            .extraData());
    assertEquals(
        "\"just text\"", read("{ \"score\": 1, \"extra_data\": \"just text\" }").extraData());
    assertEquals("[]", read("{ \"score\": 1, \"extra_data\": [] }").extraData());
    assertEquals("", read("{ \"score\": 1 }").extraData());
    assertEquals("", read("{ \"score\": 1, \"extra_data\": null }").extraData());
  }

  @Test
  void leaderboardValuesKeepTheirSpelling() {
    GradingResult result =
        read(
            """
        { "score": 1, "leaderboard": [
          { "name": "Accuracy", "value": 0.9260 },
          { "name": "Time", "value": 15.10, "order": "asc" },
          { "name": "Loss", "value": 1e-7, "order": "desc" },
          { "name": "Big", "value": 12345678901234567890123 },
          { "name": "Count", "value": 42 },
          { "name": "Delta", "value": -0.5 },
          { "name": "Stars", "value": "*****" },
          { "name": "Words", "value": "42.0" } ] }
        """);
    assertEquals(
        List.of(
            new LeaderboardEntry("Accuracy", "0.9260", false),
            new LeaderboardEntry("Time", "15.10", true),
            new LeaderboardEntry("Loss", "1e-7", false),
            new LeaderboardEntry("Big", "12345678901234567890123", false),
            new LeaderboardEntry("Count", "42", false),
            new LeaderboardEntry("Delta", "-0.5", false),
            new LeaderboardEntry("Stars", "*****", false),
            new LeaderboardEntry("Words", "42.0", false)),
        result.leaderboard());
  }

  @Test
  void theLastOfDuplicateKeysCountsInTheLeaderboardToo() {
    GradingResult result =
        read(
            """
        { "score": 1,
          "leaderboard": [ { "name": "Old", "value": 1.50 } ],
          "leaderboard": [ { "name": "A", "value": 2.50, "value": 3.50 }, { "name": "B", "value": "s" } ] }
        """);
    assertEquals(
        List.of(new LeaderboardEntry("A", "3.50", false), new LeaderboardEntry("B", "s", false)),
        result.leaderboard());
  }

  @Test
  void aBadLeaderboardIsAnErrorNamingTheEntry() {
    assertContains(
        "leaderboard is not an array (found an object)",
        error("{ \"score\": 1, \"leaderboard\": {} }"));
    assertContains(
        "leaderboard[0] is not an object (found the number 3)",
        error("{ \"score\": 1, \"leaderboard\": [3] }"));
    assertContains(
        "leaderboard[1] has no name",
        error(
            "{ \"score\": 1, \"leaderboard\": [ { \"name\": \"a\", \"value\": 1 }, { \"value\": 1 } ] }"));
    assertContains(
        "leaderboard[0].name is not a string (found the number 5)",
        error("{ \"score\": 1, \"leaderboard\": [ { \"name\": 5, \"value\": 1 } ] }"));
    assertContains(
        "leaderboard[0] (\"Time\") has no value",
        error("{ \"score\": 1, \"leaderboard\": [ { \"name\": \"Time\" } ] }"));
    assertContains(
        "leaderboard[0].value is neither a number nor a string (found true)",
        error("{ \"score\": 1, \"leaderboard\": [ { \"name\": \"Time\", \"value\": true } ] }"));
    assertContains(
        "leaderboard[0].value is not a finite number (found NaN)",
        error("{ \"score\": 1, \"leaderboard\": [ { \"name\": \"Time\", \"value\": NaN } ] }"));
    assertContains(
        "leaderboard[0].order is \"ascending\"; allowed values are asc, desc",
        error(
            "{ \"score\": 1, \"leaderboard\": [ { \"name\": \"Time\", \"value\": 1, \"order\": \"ascending\" } ] }"));
  }

  @Test
  void malformedJsonIsAClearErrorForTheInstructor() {
    String message = error("{\n  \"score\": 1,\n  }\n");
    assertContains("results/results.json is not valid JSON: Unexpected character ('}'", message);
    assertContains("at line 3, column 3", message);

    assertContains("results/results.json is not valid JSON", error("{ \"score\": 1 "));
    assertContains("results/results.json is not valid JSON", error("{ 'score': 1 }"));
    assertContains("results/results.json is not valid JSON", error("score: 1"));
    assertContains(
        "results/results.json is not valid JSON",
        assertThrows(
                InvalidResultsException.class,
                () ->
                    GradescopeResults.read(
                        new byte[] {
                          '{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
                        },
                        1,
                        ""))
            .getMessage());
  }

  @Test
  void contentAfterTheObjectIsAnError() {
    assertContains(
        "results/results.json has more after its JSON object at line 2",
        error("{ \"score\": 1 }\n{ \"score\": 2 }"));
    assertContains("results/results.json is not valid JSON", error("{ \"score\": 1 } trailing"));
    assertEquals(
        1.0, read("\n  { \"score\": 1 }  \n\n").score(), "whitespace around the object is fine");
  }

  @Test
  void aMissingOrEmptyFileIsAnError() {
    assertContains(
        "results/results.json is missing or empty",
        assertThrows(InvalidResultsException.class, () -> GradescopeResults.read(null, 1, ""))
            .getMessage());
    assertContains("results/results.json is missing or empty", error(""));
    assertContains("results/results.json is empty", error("  \n "));
  }

  @Test
  void theFileMustHoldAnObject() {
    assertContains(
        "results/results.json must hold a JSON object, but it holds an array", error("[]"));
    assertContains(
        "results/results.json must hold a JSON object, but it holds the number 44", error("44"));
    assertContains("but it holds the string \"passed\"", error("\"passed\""));
    assertContains("but it holds null", error("null"));
  }

  @Test
  void testsMustBeAnArrayOfObjects() {
    assertContains(
        "results/results.json: tests is not an array (found an object)",
        error("{ \"score\": 1, \"tests\": { \"score\": 1 } }"));
    assertContains(
        "results/results.json: tests[2] is not an object (found the string \"t3\")",
        error("{ \"score\": 1, \"tests\": [ {}, {}, \"t3\" ] }"));
    assertContains(
        "tests[0] is not an object (found an array)", error("{ \"score\": 1, \"tests\": [ [] ] }"));
  }

  @Test
  void aFileWithoutAnyScoreIsAnError() {
    String expected = "results/results.json has neither a top-level score nor scores on its tests";
    assertContains(expected, error("{}"));
    assertContains(expected, error("{ \"tests\": [] }"));
    assertContains(
        expected, error("{ \"tests\": [ { \"max_score\": 1, \"status\": \"failed\" } ] }"));
    assertContains(expected, error("{ \"score\": null, \"output\": \"oops\" }"));
  }

  @Test
  void fieldsOfTheWrongTypeAreNamedInTheError() {
    assertContains(
        "results/results.json: score is not a number (found the string \"44\")",
        error("{ \"score\": \"44\" }"));
    assertContains(
        "tests[2].score is not a number (found true)",
        error("{ \"tests\": [ { \"score\": 1 }, { \"score\": 1 }, { \"score\": true } ] }"));
    assertContains(
        "tests[0].max_score is not a number (found an array)",
        error("{ \"tests\": [ { \"score\": 1, \"max_score\": [2] } ] }"));
    assertContains(
        "tests[0].name is not a string (found the number 7)",
        error("{ \"tests\": [ { \"score\": 1, \"name\": 7 } ] }"));
    assertContains(
        "tests[0].number is not a string (found an object)",
        error("{ \"tests\": [ { \"score\": 1, \"number\": {} } ] }"));
    assertContains(
        "tests[0].output is not a string (found an array)",
        error("{ \"tests\": [ { \"score\": 1, \"output\": [\"line\"] } ] }"));
    assertContains(
        "tests[0].status is not a string (found true)",
        error("{ \"tests\": [ { \"score\": 1, \"status\": true } ] }"));
    assertContains(
        "tests[0].tags is not an array of strings (found the string \"t\")",
        error("{ \"tests\": [ { \"score\": 1, \"tags\": \"t\" } ] }"));
    assertContains(
        "tests[0].tags[1] is not a string (found the number 2)",
        error("{ \"tests\": [ { \"score\": 1, \"tags\": [\"a\", 2] } ] }"));
    assertContains(
        "output is not a string (found an object)", error("{ \"score\": 1, \"output\": {} }"));
    assertContains(
        "stdout_visibility is not a string (found false)",
        error("{ \"score\": 1, \"stdout_visibility\": false }"));
  }

  @Test
  void anUnknownStatusIsAnError() {
    assertContains(
        "tests[0].status is \"ok\"; allowed values are passed, failed",
        error("{ \"tests\": [ { \"score\": 1, \"status\": \"ok\" } ] }"));
  }

  @Test
  void negativeOrNonFiniteScoresAreRefused() {
    assertContains("score is negative (-1)", error("{ \"score\": -1 }"));
    assertContains("score is not a finite number (found NaN)", error("{ \"score\": NaN }"));
    assertContains(
        "score is not a finite number (found Infinity)", error("{ \"score\": Infinity }"));
    assertContains("score is not a finite number (found Infinity)", error("{ \"score\": 1e400 }"));
    assertContains(
        "tests[1].score is negative (-0.5)",
        error("{ \"tests\": [ { \"score\": 1 }, { \"score\": -0.5 } ] }"));
    assertContains(
        "tests[0].max_score is negative (-2)",
        error("{ \"tests\": [ { \"score\": 1, \"max_score\": -2 } ] }"));
    assertContains(
        "tests[0].max_score is not a finite number",
        error("{ \"tests\": [ { \"score\": 1, \"max_score\": -Infinity } ] }"));
    assertContains(
        "execution_time is negative (-3)", error("{ \"score\": 1, \"execution_time\": -3 }"));
    assertContains(
        "the sum of the tests' scores is not a finite number",
        error("{ \"tests\": [ { \"score\": 1e308 }, { \"score\": 1e308 } ] }"));
  }

  @Test
  void aFileOverTenMebibytesIsRefused() {
    String object = "{ \"score\": 1 }";
    byte[] atLimit =
        (object + " ".repeat(GradescopeResults.MAX_BYTES - object.length()))
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(10 * 1024 * 1024, atLimit.length);
    assertEquals(1.0, GradescopeResults.read(atLimit, 1, "").score());

    byte[] over =
        (object + " ".repeat(GradescopeResults.MAX_BYTES + 1 - object.length()))
            .getBytes(StandardCharsets.UTF_8);
    String message =
        assertThrows(InvalidResultsException.class, () -> GradescopeResults.read(over, 1, ""))
            .getMessage();
    assertContains(
        "results/results.json is 10485761 bytes, over the limit of 10485760 bytes (10 MiB)",
        message);
  }

  @Test
  void unknownFieldsAreTolerated() {
    GradingResult result =
        read(
            """
        { "score": 3, "future_field": { "x": [1, 2] }, "output_format": "whatever",
          "tests": [ { "score": 3, "max_score": 3, "weight": "heavy", "output_format": "md" } ] }
        """);
    assertEquals(3.0, result.score());
    assertEquals(Verdict.ACCEPTED, result.verdict());
  }

  @Test
  void nullFieldsCountAsAbsent() {
    GradingResult result =
        read(
            """
        { "score": 2, "output": null, "visibility": null, "stdout_visibility": null, "execution_time": null,
          "tests": [ { "score": 2, "max_score": null, "status": null, "name": null, "number": null,
                       "output": null, "tags": null, "visibility": null } ],
          "leaderboard": null }
        """);
    assertEquals("", result.output());
    assertEquals(Visibility.VISIBLE, result.visibility());
    assertEquals(Visibility.HIDDEN, result.logVisibility());
    assertEquals(0, result.executionMillis());
    assertEquals(
        new TestVerdict(
            "Test 1",
            "",
            Verdict.ACCEPTED,
            2,
            0,
            -1,
            -1,
            -1,
            -1,
            0,
            Visibility.VISIBLE,
            "",
            List.of()),
        result.tests().get(0));
    assertEquals(List.of(), result.leaderboard());
    assertEquals(List.of(), read("{ \"score\": 1, \"tests\": null }").tests());
  }
}
