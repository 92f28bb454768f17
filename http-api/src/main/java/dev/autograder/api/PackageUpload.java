package dev.autograder.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.port.Refusal;
import dev.autograder.problem.DefaultGrader;
import dev.autograder.problem.InvalidPackageException;
import dev.autograder.problem.ProblemPackage;
import dev.autograder.problem.ProblemType;
import dev.autograder.problem.TestCase;
import dev.autograder.script.AutograderArchive;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.Multipart;

/**
 * "Create an assignment" from an archive instead of JSON: a multipart form with the fields format
 * ("script" for a Gradescope-style autograder, "problem" for a Kattis package), maxScore and
 * timeLimitMillis (script only), the assignment's other settings as JSON in the part "assignment",
 * and the archive in the part "package". maxScore may be given in the "assignment" JSON instead.
 */
record PackageUpload(
    Optional<String> assignment,
    String format,
    Optional<Double> maxScore,
    long timeLimitMillis,
    byte[] archive) {

  static PackageUpload of(Multipart.FormData.Strict form) {
    Map<String, String> fields = new HashMap<>();
    byte[] archive = null;
    for (Multipart.FormData.BodyPart.Strict part : form.getStrictParts()) {
      if (part.getName().equals("package")) {
        archive = part.getEntity().getData().toArray();
      } else {
        fields.put(part.getName(), part.getEntity().getData().utf8String().strip());
      }
    }
    if (archive == null || archive.length == 0) {
      throw Refusal.invalid(
          "invalid_package", "the form needs the archive in a part named 'package'");
    }
    String format = fields.getOrDefault("format", "");
    if (!format.equals("script") && !format.equals("problem")) {
      throw Refusal.invalid(
          "invalid_format",
          "format must be 'script' (a Gradescope-style autograder zip) or"
              + " 'problem' (a Kattis-format problem zip)");
    }
    return new PackageUpload(
        Optional.ofNullable(fields.get("assignment")),
        format,
        number(fields, "maxScore"),
        number(fields, "timeLimitMillis").map(Double::longValue).orElse(0L),
        archive);
  }

  /**
   * The upload with the maxScore of the "assignment" JSON, when it has one: the same value in both
   * places is fine, two different ones are a 400.
   */
  PackageUpload withMaxScoreOf(JsonNode settings) {
    JsonNode given = settings.get("maxScore");
    if (given == null || given.isNull()) {
      return this;
    }
    if (!given.isNumber() || !Double.isFinite(given.asDouble()) || given.asDouble() < 0) {
      throw Refusal.invalid("invalid_maxScore", "maxScore must be a number >= 0");
    }
    double score = given.asDouble();
    if (maxScore.isPresent() && maxScore.get() != score) {
      throw Refusal.invalid(
          "conflicting_maxScore",
          "maxScore is "
              + maxScore.get()
              + " in the form field and "
              + score
              + " in 'assignment': give it once, or twice the same");
    }
    return new PackageUpload(assignment, format, Optional.of(score), timeLimitMillis, archive);
  }

  private static Optional<Double> number(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      double d = Double.parseDouble(value);
      if (!Double.isFinite(d) || d < 0) {
        throw new NumberFormatException();
      }
      return Optional.of(d);
    } catch (NumberFormatException e) {
      throw Refusal.invalid("invalid_" + name, name + " must be a number >= 0");
    }
  }

  /** Reads the archive with the rules the runner will apply, so a broken one is refused now. */
  GradingSpec spec(String hash, long maxBytes) {
    try {
      if (format.equals("script")) {
        double points =
            maxScore.orElseThrow(
                () ->
                    Refusal.invalid(
                        "invalid_maxScore",
                        "maxScore is required for this format (a form field, or a field of 'assignment')"));
        AutograderArchive.files(archive, maxBytes);
        return new ScriptSpec(hash, points, timeLimitMillis);
      }
      ProblemPackage pkg = ProblemPackage.parse(archive, maxBytes);
      int secret =
          (int) pkg.testCases().stream().filter(t -> t.group() == TestCase.Group.SECRET).count();
      return new ProblemSpec(
          hash,
          pkg.name(),
          secret,
          pkg.type() == ProblemType.PASS_FAIL ? null : DefaultGrader.maxScore(pkg));
    } catch (AutograderArchive.InvalidAutograderException | InvalidPackageException e) {
      throw Refusal.invalid("invalid_package", e.getMessage());
    }
  }
}
