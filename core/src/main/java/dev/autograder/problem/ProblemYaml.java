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
 * What problem.yaml says; keys the grader has no use for (author, license, uuid...) are ignored.
 *
 * @param modern the package is in the 2023-07 format ({@code problem_format_version: 2023-07...}),
 *     not the legacy one
 * @param validation in the 2023-07 format DEFAULT or INTERACTIVE: a custom validator is there
 *     when output_validator/ is
 */
record ProblemYaml(
    boolean modern, Optional<String> name, Limits limits, Validation validation, List<String> validatorFlags) {

  private static final YAMLMapper YAML = new YAMLMapper();

  static ProblemYaml parse(byte[] yaml) {
    JsonNode root = readTree(yaml);
    if (root.isMissingNode() || root.isNull()) {
      // An empty problem.yaml is valid: every key has a default.
      return new ProblemYaml(false, Optional.empty(), Limits.defaults(), Validation.DEFAULT, List.of());
    }
    if (!root.isObject()) {
      throw new InvalidPackageException("problem.yaml must be a map of keys to values");
    }
    boolean modern = root.path("problem_format_version").asText("legacy").startsWith("2023-07");
    return new ProblemYaml(
        modern, name(root.path("name")), limits(root.path("limits"), modern),
        modern ? type(root.path("type")) : validation(root.path("validation")),
        validatorFlags(root.path("validator_flags")));
  }

  private static JsonNode readTree(byte[] yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new InvalidPackageException("problem.yaml is not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidPackageException("problem.yaml cannot be read: " + e.getMessage());
    }
  }

  /** A plain name, or a name per language (newer packages), of which English is preferred. */
  private static Optional<String> name(JsonNode node) {
    JsonNode chosen = node;
    if (node.isObject()) {
      chosen = node.has("en") ? node.get("en") : node.elements().hasNext() ? node.elements().next() : MissingNode.getInstance();
    }
    if (chosen.isMissingNode() || chosen.isNull()) {
      return Optional.empty();
    }
    if (!chosen.isValueNode()) {
      throw new InvalidPackageException("name in problem.yaml must be a text or a map of language to text");
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
        positive(multipliers, "time_multipliers.", "ac_to_time_limit").orElse(defaults.timeMultiplier()),
        positive(multipliers, "time_multipliers.", "time_limit_to_tle").orElse(defaults.timeSafetyMargin()),
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
      throw new InvalidPackageException("limits." + parent + key + " in problem.yaml must be a positive number");
    }
    return OptionalDouble.of(value.asDouble());
  }

  private static OptionalLong positiveWhole(JsonNode limits, String key) {
    JsonNode value = limits.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return OptionalLong.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
      throw new InvalidPackageException("limits." + key + " in problem.yaml must be a positive whole number (MiB)");
    }
    return OptionalLong.of(value.asLong());
  }

  private static Validation validation(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Validation.DEFAULT;
    }
    String value = node.isValueNode() ? node.asText().strip() : "";
    if (value.contains("score")) {
      throw new InvalidPackageException("scored validation is not supported");
    }
    return switch (value) {
      case "default" -> Validation.DEFAULT;
      case "custom" -> Validation.CUSTOM;
      case "custom interactive" -> Validation.INTERACTIVE;
      default -> throw new InvalidPackageException("validation in problem.yaml must be 'default', 'custom' or"
          + " 'custom interactive', not '" + PackageFiles.printable(value) + "'");
    };
  }

  /** The 2023-07 type: one word or a list of them, pass-fail by default. */
  private static Validation type(JsonNode node) {
    List<String> types = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(t -> types.add(t.asText()));
    } else if (node.isValueNode()) {
      types.addAll(List.of(node.asText().strip().split("\\s+")));
    } else if (!node.isMissingNode()) {
      throw new InvalidPackageException("type in problem.yaml must be a word or a list of words");
    }
    for (String type : types) {
      switch (type) {
        case "pass-fail", "interactive" -> { }
        case "scoring" -> throw new InvalidPackageException("scoring problems are not supported");
        case "multi-pass" -> throw new InvalidPackageException("multi-pass problems are not supported");
        default -> throw new InvalidPackageException("type in problem.yaml may hold pass-fail, scoring, interactive"
            + " or multi-pass, not '" + PackageFiles.printable(type) + "'");
      }
    }
    return types.contains("interactive") ? Validation.INTERACTIVE : Validation.DEFAULT;
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
