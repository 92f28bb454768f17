package dev.autograder.api;

import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.ScriptSpec;
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
 * and the archive in the part "package".
 */
record PackageUpload(Optional<String> assignment, String format, double maxScore, long timeLimitMillis,
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
      throw ApiProblem.badRequest("invalid_package", "the form needs the archive in a part named 'package'");
    }
    String format = fields.getOrDefault("format", "");
    if (!format.equals("script") && !format.equals("problem")) {
      throw ApiProblem.badRequest("invalid_format", "format must be 'script' (a Gradescope-style autograder zip) or"
          + " 'problem' (a Kattis-format problem zip)");
    }
    return new PackageUpload(Optional.ofNullable(fields.get("assignment")), format,
        number(fields, "maxScore", format.equals("script")), (long) number(fields, "timeLimitMillis", false), archive);
  }

  private static double number(Map<String, String> fields, String name, boolean required) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      if (required) {
        throw ApiProblem.badRequest("invalid_" + name, name + " is required for this format");
      }
      return 0;
    }
    try {
      double d = Double.parseDouble(value);
      if (!Double.isFinite(d) || d < 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("invalid_" + name, name + " must be a number >= 0");
    }
  }

  /** Reads the archive with the rules the runner will apply, so a broken one is refused now. */
  GradingSpec spec(String hash, long maxBytes) {
    try {
      if (format.equals("script")) {
        AutograderArchive.files(archive, maxBytes);
        return new ScriptSpec(hash, maxScore, timeLimitMillis);
      }
      ProblemPackage pkg = ProblemPackage.parse(archive, maxBytes);
      int secret = (int) pkg.testCases().stream().filter(t -> t.group() == TestCase.Group.SECRET).count();
      return new ProblemSpec(hash, pkg.name(), secret,
          pkg.type() == ProblemType.PASS_FAIL ? null : DefaultGrader.maxScore(pkg));
    } catch (AutograderArchive.InvalidAutograderException | InvalidPackageException e) {
      throw ApiProblem.badRequest("invalid_package", e.getMessage());
    }
  }
}
