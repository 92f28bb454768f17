package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.ContentHash;
import dev.autograder.NodeConfig;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.problem.DefaultGrader;
import dev.autograder.problem.ProblemPackage;
import dev.autograder.problem.ProblemType;
import dev.autograder.problem.TestCase;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.TestFlavours;
import dev.autograder.submission.archive.SubmittedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Grades every solution of every assignment under examples/ with the real graders and sandbox, and
 * checks each verdict and score against the example's expected.json.
 */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SubmissionGrader grader;

  /** The deployment's default flavour, as the examples are written for it. */
  private static final Flavour FLAVOUR =
      FlavourCatalog.fromConfig(
              com.typesafe.config.ConfigFactory.parseFile(
                      Path.of("..", "conf", "flavours.conf").toFile())
                  .withFallback(NodeConfig.load()))
          .get("default");

  @BeforeAll
  static void connect() {
    DockerSandbox sandbox = TestFlavours.engine("examples-test-" + UUID.randomUUID());
    grader = new SubmissionGrader(sandbox);
  }

  @org.junit.jupiter.api.AfterAll
  static void closeGrader() {
    if (grader != null) {
      grader.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyExampleSolutionGetsItsExpectedVerdictAndScore() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(EXAMPLES)) {
      for (Path example :
          dirs.filter(d -> Files.exists(d.resolve("expected.json"))).sorted().toList()) {
        Assignment assignment = Assignment.read(example);
        JsonNode expected =
            JSON.readTree(example.resolve("expected.json").toFile()).path("solutions");
        expected
            .fieldNames()
            .forEachRemaining(
                solution ->
                    tests.add(
                        DynamicTest.dynamicTest(
                            example.getFileName() + "/" + solution,
                            () -> {
                              GradingResult r =
                                  grader.grade(
                                      assignment.spec(),
                                      files(example.resolve("solutions").resolve(solution)),
                                      FLAVOUR,
                                      "example",
                                      hash -> assignment.archive(),
                                      progress -> {});
                              JsonNode want = expected.path(solution);
                              assertEquals(
                                  want.path("verdict").asText(), r.verdict().name(), r.toString());
                              assertEquals(
                                  want.path("score").asDouble(), r.score(), 1e-9, r.toString());
                              if (assignment.spec() instanceof ProblemSpec spec) {
                                assertEquals(
                                    spec.maxScore(),
                                    r.maxScore(),
                                    1e-9,
                                    "the result is on the package's scale");
                              }
                            })));
      }
    }
    assertFalse(tests.isEmpty(), "examples/ has no example with an expected.json");
    return tests.stream();
  }

  /** An example's spec, and the archive it names (for script and problem formats). */
  private record Assignment(GradingSpec spec, byte[] archive) {
    static Assignment read(Path example) throws IOException {
      JsonNode json = JSON.readTree(example.resolve("assignment.json").toFile());
      String format = json.path("format").asText(json.path("spec").path("format").asText("io"));
      switch (format) {
        case "script" -> {
          byte[] zip = zip(example.resolve("autograder"));
          return new Assignment(
              new ScriptSpec(
                  ContentHash.sha256(zip),
                  json.path("maxScore").asDouble(),
                  json.path("timeLimitMillis").asLong(0)),
              zip);
        }
        case "problem" -> {
          byte[] zip = zip(example.resolve("problem"));
          ProblemPackage pkg = ProblemPackage.parse(zip, 64L << 20);
          int secret =
              (int)
                  pkg.testCases().stream().filter(t -> t.group() == TestCase.Group.SECRET).count();
          Double scale = pkg.type() == ProblemType.PASS_FAIL ? null : DefaultGrader.maxScore(pkg);
          return new Assignment(
              new ProblemSpec(ContentHash.sha256(zip), pkg.name(), secret, scale), zip);
        }
        default -> {
          return new Assignment(
              new ObjectMapper().treeToValue(json.path("spec"), GradingSpec.class), null);
        }
      }
    }
  }

  private static List<SubmittedFile> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .sorted()
          .map(
              f -> {
                try {
                  return new SubmittedFile(f.getFileName().toString(), Files.readAllBytes(f));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  /**
   * Zips a directory as an instructor would upload it, with executable bits kept in mind by the
   * graders.
   */
  static byte[] zip(Path root) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(root.relativize(p).toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(p));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
