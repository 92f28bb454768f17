package dev.autograder.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What problem.yaml says; keys the grader has no use for (author, credits, license, uuid...) are
 * ignored.
 *
 * @param modern the package is in the 2023-07 format ({@code problem_format_version: 2023-07...}),
 *     not the legacy one
 * @param validation in the 2023-07 format DEFAULT or INTERACTIVE: a custom validator is there when
 *     output_validator/ is
 * @param scoring the problem is of type scoring: its submissions get a score from its test groups'
 *     rules rather than a point per secret case
 */
record ProblemYaml(
    boolean modern,
    Optional<String> name,
    Limits limits,
    Validation validation,
    List<String> validatorFlags,
    boolean scoring) {

  private static final YAMLMapper YAML = new YAMLMapper();

  static ProblemYaml parse(byte[] yaml) {
    JsonNode root = readTree(yaml, "problem.yaml");
    if (root.isMissingNode() || root.isNull()) {
      // An empty problem.yaml is valid: every key has a default.
      return new ProblemYaml(
          false, Optional.empty(), Limits.defaults(), Validation.DEFAULT, List.of(), false);
    }
    if (!root.isObject()) {
      throw new InvalidPackageException("problem.yaml must be a map of keys to values");
    }
    boolean modern = root.path("problem_format_version").asText("legacy").startsWith("2023-07");
    List<String> types = types(root.path("type"));
    boolean scoring = types.contains("scoring");
    Validation validation;
    if (modern) {
      validation = types.contains("interactive") ? Validation.INTERACTIVE : Validation.DEFAULT;
    } else {
      List<String> words = validationWords(root.path("validation"));
      if (words.contains("score")) {
        if (root.has("type") && !scoring) {
          throw new InvalidPackageException(
              "validation 'score' in problem.yaml is only for problems of type scoring");
        }
        scoring = true;
      }
      // A type of the 2023-07 format in a package that does not say its version is taken at its
      // word.
      validation = types.contains("interactive") ? Validation.INTERACTIVE : validation(words);
    }
    return new ProblemYaml(
        modern,
        name(root.path("name")),
        limits(root.path("limits"), modern),
        validation,
        validatorFlags(root.path("validator_flags")),
        scoring);
  }

  /** A YAML file of the package, {@code file} naming it in errors. */
  static JsonNode readTree(byte[] yaml, String file) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new InvalidPackageException(
          file + " is not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidPackageException(file + " cannot be read: " + e.getMessage());
    }
  }

  /** A plain name, or a name per language (newer packages), of which English is preferred. */
  private static Optional<String> name(JsonNode node) {
    JsonNode chosen = node;
    if (node.isObject()) {
      chosen =
          node.has("en")
              ? node.get("en")
              : node.elements().hasNext() ? node.elements().next() : MissingNode.getInstance();
    }
    if (chosen.isMissingNode() || chosen.isNull()) {
      return Optional.empty();
    }
    if (!chosen.isValueNode()) {
      throw new InvalidPackageException(
          "name in problem.yaml must be a text or a map of language to text");
    }
    String name = chosen.asText().strip();
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  private static Limits limits(JsonNode node, boolean modern) {
    Limits defaults = modern ? Limits.defaults2023() : Limits.defaults();
    if (node.isMissingNode() || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new InvalidPackageException("limits in problem.yaml must be a map");
    }
    if (!modern) {
      return new Limits(
          positive(node, "time_multiplier").orElse(defaults.timeMultiplier()),
          positive(node, "time_safety_margin").orElse(defaults.timeSafetyMargin()),
          defaults.timeResolutionSeconds(),
          positiveWhole(node, "memory"),
          positiveWhole(node, "output"),
          positive(node, "time_limit"));
    }
    JsonNode multipliers = node.path("time_multipliers");
    if (!multipliers.isMissingNode() && !multipliers.isNull() && !multipliers.isObject()) {
      throw new InvalidPackageException("limits.time_multipliers in problem.yaml must be a map");
    }
    return new Limits(
        positive(multipliers, "time_multipliers.", "ac_to_time_limit")
            .orElse(defaults.timeMultiplier()),
        positive(multipliers, "time_multipliers.", "time_limit_to_tle")
            .orElse(defaults.timeSafetyMargin()),
        positive(node, "time_resolution").orElse(defaults.timeResolutionSeconds()),
        positiveWhole(node, "memory"),
        positiveWhole(node, "output"),
        positive(node, "time_limit"));
  }

  private static OptionalDouble positive(JsonNode limits, String key) {
    return positive(limits, "", key);
  }

  private static OptionalDouble positive(JsonNode limits, String parent, String key) {
    JsonNode value = limits.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber() || !(value.asDouble() > 0) || Double.isInfinite(value.asDouble())) {
      throw new InvalidPackageException(
          "limits." + parent + key + " in problem.yaml must be a positive number");
    }
    return OptionalDouble.of(value.asDouble());
  }

  private static OptionalLong positiveWhole(JsonNode limits, String key) {
    JsonNode value = limits.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return OptionalLong.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
      throw new InvalidPackageException(
          "limits." + key + " in problem.yaml must be a positive whole number (MiB)");
    }
    return OptionalLong.of(value.asLong());
  }

  private static List<String> validationWords(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of("default");
    }
    if (!node.isValueNode()) {
      throw new InvalidPackageException(
          "validation in problem.yaml must be a text such as 'custom interactive'");
    }
    return List.of(node.asText().strip().split("\\s+"));
  }

  /** Legacy validation: default, or custom followed by interactive and score in any order. */
  private static Validation validation(List<String> words) {
    String first = words.get(0);
    List<String> rest = words.subList(1, words.size());
    boolean known =
        first.equals("default")
            ? rest.isEmpty()
            : first.equals("custom")
                && rest.stream().allMatch(w -> w.equals("interactive") || w.equals("score"));
    if (!known) {
      throw new InvalidPackageException(
          "validation in problem.yaml must be 'default' or 'custom' followed by"
              + " 'interactive' and/or 'score', not '"
              + PackageFiles.printable(String.join(" ", words))
              + "'");
    }
    if (first.equals("default")) {
      return Validation.DEFAULT;
    }
    return rest.contains("interactive") ? Validation.INTERACTIVE : Validation.CUSTOM;
  }

  /** The type: one word or a list of them, pass-fail by default. */
  private static List<String> types(JsonNode node) {
    List<String> types = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(t -> types.add(t.asText()));
    } else if (node.isValueNode() && !node.isNull()) {
      types.addAll(List.of(node.asText().strip().split("\\s+")));
    } else if (!node.isMissingNode() && !node.isNull()) {
      throw new InvalidPackageException("type in problem.yaml must be a word or a list of words");
    }
    for (String type : types) {
      switch (type) {
        case "pass-fail", "scoring", "interactive" -> {}
        case "multi-pass" ->
            throw new InvalidPackageException("multi-pass problems are not supported");
        default ->
            throw new InvalidPackageException(
                "type in problem.yaml may hold pass-fail, scoring, interactive"
                    + " or multi-pass, not '"
                    + PackageFiles.printable(type)
                    + "'");
      }
    }
    if (types.contains("pass-fail") && types.contains("scoring")) {
      throw new InvalidPackageException(
          "type in problem.yaml cannot be both pass-fail and scoring");
    }
    return types;
  }

  private static List<String> validatorFlags(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isValueNode()) {
      throw new InvalidPackageException("validator_flags in problem.yaml must be a text of flags");
    }
    String flags = node.asText().strip();
    return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
  }
}
