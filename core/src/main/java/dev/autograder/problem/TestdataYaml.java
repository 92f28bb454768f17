package dev.autograder.problem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.problem.GroupRules.Aggregation;
import dev.autograder.problem.GroupRules.GraderFlags;
import dev.autograder.problem.GroupRules.Scoring;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a group's testdata.yaml (test_group.yaml in later 2023-07 drafts) over the rules its parent
 * group has: the keys it gives override, the others are inherited. Keys the format has but the
 * grader has no use for (input_validator_flags, full_feedback, hint...) and unknown keys are
 * ignored; a key of the wrong type is a package error naming the file and the key.
 */
final class TestdataYaml {
  static final List<String> FILE_NAMES = List.of("testdata.yaml", "test_group.yaml");

  private final String file;

  private TestdataYaml(String file) {
    this.file = file;
  }

  /** The group's rules: its parent's with what {@code yaml} (the file at {@code file}) gives. */
  static GroupRules over(GroupRules parent, String file, byte[] yaml) {
    return new TestdataYaml(file).read(parent, yaml);
  }

  private GroupRules read(GroupRules parent, byte[] yaml) {
    JsonNode root = ProblemYaml.readTree(yaml, file);
    if (root.isMissingNode() || root.isNull()) {
      return new GroupRules(
          parent.breakOnReject(),
          parent.graderFlags(),
          parent.acceptScore(),
          parent.rejectScore(),
          parent.rangeMin(),
          parent.rangeMax(),
          parent.outputValidatorFlags(),
          Optional.empty());
    }
    if (!root.isObject()) {
      throw error("must be a map of keys to values");
    }
    boolean breakOnReject = parent.breakOnReject();
    if (present(root, "on_reject")) {
      String onReject = text(root, "on_reject");
      if (!onReject.equals("break") && !onReject.equals("continue")) {
        throw error(
            "on_reject must be 'break' or 'continue', not '"
                + PackageFiles.printable(onReject)
                + "'");
      }
      breakOnReject = onReject.equals("break");
    }
    if (present(root, "grading")) {
      JsonNode grading = root.get("grading");
      if (grading.isTextual() && grading.asText().strip().equals("custom")) {
        throw error("grading: custom needs a custom grader program, which is not supported");
      }
      if (!grading.isTextual() || !grading.asText().strip().equals("default")) {
        throw error("grading must be 'default' (a custom grader is not supported)");
      }
    }
    GraderFlags graderFlags = parent.graderFlags();
    if (present(root, "grader_flags")) {
      try {
        graderFlags = GraderFlags.parse(words(root, "grader_flags"));
      } catch (IllegalArgumentException e) {
        throw error("grader_flags: " + e.getMessage());
      }
    }
    double[] range = {parent.rangeMin(), parent.rangeMax()};
    if (present(root, "range")) {
      range = range(root);
    }
    List<String> flags = parent.outputValidatorFlags();
    if (present(root, "output_validator_flags")) {
      flags = words(root, "output_validator_flags");
    } else if (present(root, "output_validator_args")) {
      flags = words(root, "output_validator_args");
    }
    if (present(root, "static_validation")
        && !root.get("static_validation").asText().equals("false")) {
      throw error("static_validation needs a static validator, which is not supported");
    }
    return new GroupRules(
        breakOnReject,
        graderFlags,
        present(root, "accept_score") ? number(root, "accept_score") : parent.acceptScore(),
        present(root, "reject_score") ? number(root, "reject_score") : parent.rejectScore(),
        range[0],
        range[1],
        flags,
        scoring(root.path("scoring")));
  }

  private Optional<Scoring> scoring(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw error("scoring must be a map (score, aggregation)");
    }
    if (present(node, "require_pass")) {
      throw error("scoring.require_pass is not supported");
    }
    Optional<Double> score = Optional.empty();
    if (present(node, "score")) {
      JsonNode value = node.get("score");
      if (value.isTextual() && value.asText().strip().equals("unbounded")) {
        throw error("scoring.score 'unbounded' is not supported: give the group's maximum score");
      }
      if (!value.isNumber() || !(value.asDouble() >= 0) || !Double.isFinite(value.asDouble())) {
        throw error("scoring.score must be a non-negative number");
      }
      score = Optional.of(value.asDouble());
    }
    Optional<Aggregation> aggregation = Optional.empty();
    if (present(node, "aggregation")) {
      String value = node.get("aggregation").asText("").strip();
      aggregation =
          Optional.of(
              switch (value) {
                case "pass-fail" -> Aggregation.PASS_FAIL;
                case "sum" -> Aggregation.SUM;
                case "min" -> Aggregation.MIN;
                default ->
                    throw error(
                        "scoring.aggregation must be 'pass-fail', 'sum' or 'min', not '"
                            + PackageFiles.printable(value)
                            + "'");
              });
    }
    return Optional.of(new Scoring(score, aggregation));
  }

  private double[] range(JsonNode root) {
    List<String> bounds = words(root, "range");
    if (bounds.size() != 2) {
      throw error("range must be two numbers, the lowest and highest score, e.g. '0 100'");
    }
    double low = bound(bounds.get(0));
    double high = bound(bounds.get(1));
    if (low > high) {
      throw error("range must give its lowest score first, not '" + String.join(" ", bounds) + "'");
    }
    return new double[] {low, high};
  }

  private double bound(String word) {
    var value = FloatToken.parse(word);
    if (value.isEmpty() || Double.isNaN(value.getAsDouble())) {
      throw error(
          "range must be two numbers (or inf, -inf), not '" + PackageFiles.printable(word) + "'");
    }
    return value.getAsDouble();
  }

  private static boolean present(JsonNode node, String key) {
    return node.has(key) && !node.get(key).isNull();
  }

  private String text(JsonNode root, String key) {
    JsonNode value = root.get(key);
    if (!value.isValueNode()) {
      throw error(key + " must be a text");
    }
    return value.asText().strip();
  }

  /** A text of words, or (2023-07 args) a list of them. */
  private List<String> words(JsonNode root, String key) {
    JsonNode value = root.get(key);
    List<String> words = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode word : value) {
        if (!word.isValueNode()) {
          throw error(key + " must be a text or a list of texts");
        }
        words.add(word.asText());
      }
      return words;
    }
    if (!value.isValueNode()) {
      throw error(key + " must be a text or a list of texts");
    }
    String text = value.asText().strip();
    return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
  }

  private double number(JsonNode root, String key) {
    JsonNode value = root.get(key);
    if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
      throw error(key + " must be a number");
    }
    return value.asDouble();
  }

  private InvalidPackageException error(String what) {
    return new InvalidPackageException(file + ": " + what);
  }
}
