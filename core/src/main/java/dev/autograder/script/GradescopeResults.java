package dev.autograder.script;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.LeaderboardEntry;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the results/results.json a Gradescope autograder's run_autograder writes and maps it onto
 * {@link GradingResult}.
 *
 * <p>Every field of Gradescope's format is read; unknown fields are ignored. A field whose type or
 * value is wrong is an {@link InvalidResultsException} whose message names the field, so the
 * instructor can fix the autograder. A JSON {@code null} counts as an absent field. The output
 * format hints ({@code output_format}, {@code test_output_format}, {@code test_name_format}, a
 * test's {@code output_format} and {@code name_format}) and a test's {@code extra_data} have no
 * place in the result model and are ignored.
 */
public final class GradescopeResults {
  /** The largest results.json accepted. */
  public static final int MAX_BYTES = 10 * 1024 * 1024;

  /** The most characters kept of the top-level output and of each test's output. */
  public static final int MAX_OUTPUT_CHARS = 20_000;

  /** The most characters kept of the harness's stdout. */
  public static final int MAX_LOG_CHARS = 100_000;

  /** Appended to a text cut at its limit. */
  public static final String TRUNCATED_NOTE = "\n… (truncated)";

  static final String FILE = "results/results.json";

  private static final Map<String, Visibility> VISIBILITIES =
      Map.of(
          "visible", Visibility.VISIBLE,
          "hidden", Visibility.HIDDEN,
          "after_due_date", Visibility.AFTER_DUE_DATE,
          "after_published", Visibility.AFTER_PUBLISHED);
  private static final String ALLOWED_VISIBILITIES =
      "visible, hidden, after_due_date, after_published";

  /**
   * Python's json module writes NaN and Infinity; they are parsed so the error can name the field.
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private GradescopeResults() {}

  /**
   * Maps a results.json onto a result.
   *
   * @param resultsJson the file's bytes; null or empty when run_autograder wrote none
   * @param maxScore the assignment's max score; when not above 0, the sum of the tests' max scores
   * @param harnessStdout what run_autograder printed, kept as the result's log (bounded)
   * @throws InvalidResultsException when the file is missing, too large or malformed
   */
  public static GradingResult read(byte[] resultsJson, double maxScore, String harnessStdout) {
    JsonNode root = parse(resultsJson);

    List<TestVerdict> tests = new ArrayList<>();
    boolean anyTestScore = false;
    double testScores = 0;
    double testMaxScores = 0;
    JsonNode testsNode = present(root, "tests");
    if (testsNode != null) {
      if (!testsNode.isArray()) {
        throw invalid("tests is not an array (found " + describe(testsNode) + ")");
      }
      for (int i = 0; i < testsNode.size(); i++) {
        JsonNode test = testsNode.get(i);
        String path = "tests[" + i + "]";
        if (!test.isObject()) {
          throw invalid(path + " is not an object (found " + describe(test) + ")");
        }
        anyTestScore |= present(test, "score") != null;
        TestVerdict verdict = test(test, i, path);
        tests.add(verdict);
        testScores += verdict.score();
        testMaxScores += verdict.maxScore();
      }
    }

    Double topScore = nonNegative(root, "score", "score");
    if (topScore == null && !anyTestScore) {
      throw new InvalidResultsException(
          FILE + " has neither a top-level score nor scores on its tests");
    }
    if (topScore == null && !Double.isFinite(testScores)) {
      throw invalid("the sum of the tests' scores is not a finite number");
    }
    double score = topScore != null ? topScore : testScores;
    double max;
    if (maxScore > 0) {
      max = maxScore;
    } else if (Double.isFinite(testMaxScores)) {
      max = testMaxScores;
    } else {
      throw invalid("the sum of the tests' max_score is not a finite number");
    }

    boolean accepted =
        tests.isEmpty()
            ? score >= max
            : tests.stream().allMatch(t -> t.verdict() == Verdict.ACCEPTED);

    Double seconds = nonNegative(root, "execution_time", "execution_time");
    long executionMillis = seconds == null ? 0 : Math.round(seconds * 1000);
    JsonNode extraData = present(root, "extra_data");

    return new GradingResult(
        accepted ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER,
        score,
        max,
        "",
        tests,
        bounded(string(root, "output", "output"), MAX_OUTPUT_CHARS),
        visibility(root, "visibility", "visibility", Visibility.VISIBLE),
        bounded(harnessStdout, MAX_LOG_CHARS),
        visibility(root, "stdout_visibility", "stdout_visibility", Visibility.HIDDEN),
        executionMillis,
        extraData == null ? "" : extraData.toString(),
        leaderboard(root, resultsJson));
  }

  private static JsonNode parse(byte[] json) {
    if (json == null || json.length == 0) {
      throw new InvalidResultsException(
          FILE + " is missing or empty: run_autograder must write it");
    }
    if (json.length > MAX_BYTES) {
      throw new InvalidResultsException(
          FILE
              + " is "
              + json.length
              + " bytes, over the limit of "
              + MAX_BYTES
              + " bytes (10 MiB)");
    }
    JsonNode root;
    try (JsonParser parser = MAPPER.createParser(json)) {
      root = MAPPER.readTree(parser);
      if (root != null && parser.nextToken() != null) {
        throw new InvalidResultsException(
            FILE + " has more after its JSON object" + where(parser.currentTokenLocation()));
      }
    } catch (JsonProcessingException e) {
      throw new InvalidResultsException(
          FILE + " is not valid JSON: " + e.getOriginalMessage() + where(e.getLocation()), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidResultsException(
          FILE + " is empty: run_autograder must write a JSON object to it");
    }
    if (!root.isObject()) {
      throw new InvalidResultsException(
          FILE + " must hold a JSON object, but it holds " + describe(root));
    }
    return root;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static TestVerdict test(JsonNode test, int index, String path) {
    Double score = nonNegative(test, "score", path + ".score");
    Double max = nonNegative(test, "max_score", path + ".max_score");
    String status = string(test, "status", path + ".status");
    if (status != null && !status.equals("passed") && !status.equals("failed")) {
      throw invalid(path + ".status is " + quote(status) + "; allowed values are passed, failed");
    }
    double points = score == null ? 0 : score;
    boolean passed = status != null ? status.equals("passed") : max == null || points >= max;
    double maxPoints = max != null ? max : "passed".equals(status) ? points : 0;
    String name = string(test, "name", path + ".name");
    return new TestVerdict(
        name == null ? "Test " + (index + 1) : name,
        number(test, path + ".number"),
        passed ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER,
        points,
        maxPoints,
        -1,
        -1,
        -1,
        -1,
        0,
        visibility(test, "visibility", path + ".visibility", Visibility.VISIBLE),
        bounded(string(test, "output", path + ".output"), MAX_OUTPUT_CHARS),
        tags(test, path + ".tags"));
  }

  /** A test's number is meant as a string ("1.2"); a plain JSON number is taken as its spelling. */
  private static String number(JsonNode test, String path) {
    JsonNode node = present(test, "number");
    if (node == null) {
      return "";
    }
    if (node.isTextual() || node.isNumber()) {
      return node.asText();
    }
    throw invalid(path + " is not a string (found " + describe(node) + ")");
  }

  private static List<String> tags(JsonNode test, String path) {
    JsonNode node = present(test, "tags");
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(path + " is not an array of strings (found " + describe(node) + ")");
    }
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode tag = node.get(i);
      if (!tag.isTextual()) {
        throw invalid(path + "[" + i + "] is not a string (found " + describe(tag) + ")");
      }
      tags.add(tag.textValue());
    }
    return tags;
  }

  private static List<LeaderboardEntry> leaderboard(JsonNode root, byte[] json) {
    JsonNode node = present(root, "leaderboard");
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("leaderboard is not an array (found " + describe(node) + ")");
    }
    List<String> spellings = null;
    List<LeaderboardEntry> entries = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode entry = node.get(i);
      String path = "leaderboard[" + i + "]";
      if (!entry.isObject()) {
        throw invalid(path + " is not an object (found " + describe(entry) + ")");
      }
      String name = string(entry, "name", path + ".name");
      if (name == null) {
        throw invalid(path + " has no name");
      }
      JsonNode value = present(entry, "value");
      String text;
      if (value == null) {
        throw invalid(path + " (" + quote(name) + ") has no value");
      } else if (value.isTextual()) {
        text = value.textValue();
      } else if (value.isNumber()) {
        if (!Double.isFinite(value.doubleValue())) {
          throw invalid(path + ".value is not a finite number (found " + value.doubleValue() + ")");
        }
        if (spellings == null) {
          spellings = leaderboardNumberSpellings(json);
        }
        text = i < spellings.size() && spellings.get(i) != null ? spellings.get(i) : value.asText();
      } else {
        throw invalid(
            path + ".value is neither a number nor a string (found " + describe(value) + ")");
      }
      String order = string(entry, "order", path + ".order");
      if (order != null && !order.equals("asc") && !order.equals("desc")) {
        throw invalid(path + ".order is " + quote(order) + "; allowed values are asc, desc");
      }
      entries.add(new LeaderboardEntry(name, text, "asc".equals(order)));
    }
    return entries;
  }

  /**
   * The tree model turns numbers into doubles, which loses their spelling ("15.10", "1e-7"); this
   * reads the leaderboard's values again token by token to keep the text as written. As in the
   * tree, the last of duplicate keys counts. Index i holds entry i's value text, or null when not a
   * number.
   */
  private static List<String> leaderboardNumberSpellings(byte[] json) {
    List<String> spellings = List.of();
    try (JsonParser parser = MAPPER.createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        if (field.equals("leaderboard") && token == JsonToken.START_ARRAY) {
          List<String> found = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            String spelling = null;
            if (parser.currentToken() == JsonToken.START_OBJECT) {
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals("value")) {
                  spelling = value.isNumeric() ? parser.getText() : null;
                }
                parser.skipChildren();
              }
            } else {
              parser.skipChildren();
            }
            found.add(spelling);
          }
          spellings = found;
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // The tree parse of the same bytes succeeded; should this fail anyway, values keep the tree's
      // text.
      return List.of();
    }
    return spellings;
  }

  private static Visibility visibility(
      JsonNode parent, String field, String path, Visibility absent) {
    String value = string(parent, field, path);
    if (value == null) {
      return absent;
    }
    Visibility visibility = VISIBILITIES.get(value);
    if (visibility == null) {
      throw invalid(path + " is " + quote(value) + "; allowed values are " + ALLOWED_VISIBILITIES);
    }
    return visibility;
  }

  /** A number that must be finite and not negative, or null when absent. */
  private static Double nonNegative(JsonNode parent, String field, String path) {
    JsonNode node = present(parent, field);
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      throw invalid(path + " is not a number (found " + describe(node) + ")");
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      throw invalid(path + " is not a finite number (found " + value + ")");
    }
    if (value < 0) {
      throw invalid(path + " is negative (" + node + ")");
    }
    return value;
  }

  private static String string(JsonNode parent, String field, String path) {
    JsonNode node = present(parent, field);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(path + " is not a string (found " + describe(node) + ")");
    }
    return node.textValue();
  }

  /** The field's value, or null when absent or JSON null. */
  private static JsonNode present(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    return node == null || node.isNull() ? null : node;
  }

  /** Keeps at most {@code max} characters (never splitting a surrogate pair) and notes the cut. */
  static String bounded(String text, int max) {
    if (text == null) {
      return "";
    }
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + TRUNCATED_NOTE;
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "the string " + quote(node.textValue());
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isNumber()) {
      return "the number " + node;
    }
    return node.toString();
  }

  private static String quote(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return "\"" + shown + "\"";
  }

  private static InvalidResultsException invalid(String problem) {
    return new InvalidResultsException(FILE + ": " + problem);
  }
}
