package dev.autograder.problem;

import dev.autograder.grading.Language;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A problem package in the Kattis / ICPC format, legacy or 2023-07: problem.yaml, data/sample and
 * data/secret test cases, an optional custom output validator (the interactor of an interactive
 * problem) and the accepted solutions.
 *
 * @param shortName the problem's id: the package's directory name, else its name's letters and
 *     digits in lower case (a Kattis problem's main file or class may be named after it)
 * @param testCases sample cases first, then secret ones, each in order of name
 * @param outputValidator present exactly when {@code validation} is CUSTOM (the validator) or
 *     INTERACTIVE (the interactor)
 * @param acceptedSolutions one program per file or directory under submissions/accepted/
 * @param type pass-fail or scoring; a scoring problem is graded by its test groups' rules (see
 *     {@link DefaultGrader})
 * @param data the test data as the format's tree of groups; {@code testCases} are its cases in
 *     order
 */
public record ProblemPackage(
    String name,
    String shortName,
    Limits limits,
    Validation validation,
    List<String> validatorFlags,
    List<TestCase> testCases,
    Optional<ProgramSource> outputValidator,
    List<ProgramSource> acceptedSolutions,
    ProblemType type,
    TestGroup data) {

  /** DOMjudge's convention: a file holding only the time limit in seconds. */
  private static final String TIME_LIMIT_FILE = ".timelimit";

  private static final String MODERN_VALIDATOR = "output_validator/";
  private static final String LEGACY_VALIDATORS = "output_validators/";

  private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");

  public ProblemPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shortName, "shortName");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(outputValidator, "outputValidator");
    validatorFlags = List.copyOf(validatorFlags);
    testCases = List.copyOf(testCases);
    acceptedSolutions = List.copyOf(acceptedSolutions);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /**
   * The package with its sample cases only (none when it has no data/sample): what a practice run
   * is graded on, as the student has these cases anyway.
   */
  public ProblemPackage samplesOnly() {
    List<TestNode> samples =
        data.items().stream()
            .filter(
                n ->
                    n instanceof TestGroup g
                        && g.cases().allMatch(c -> c.group() == TestCase.Group.SAMPLE)
                        && g.cases().findAny().isPresent())
            .toList();
    return new ProblemPackage(
        name,
        shortName,
        limits,
        validation,
        validatorFlags,
        testCases.stream().filter(c -> c.group() == TestCase.Group.SAMPLE).toList(),
        outputValidator,
        acceptedSolutions,
        type,
        new TestGroup(data.path(), data.rules(), samples));
  }

  /**
   * Reads a package zip, refusing it as soon as it unpacks to more than {@code maxUnpackedBytes}.
   *
   * @throws InvalidPackageException naming what is wrong with the package
   */
  public static ProblemPackage parse(byte[] zip, long maxUnpackedBytes) {
    PackageFiles files = PackageFiles.read(zip, maxUnpackedBytes);
    ProblemYaml yaml =
        ProblemYaml.parse(
            files
                .file("problem.yaml")
                .orElseThrow(() -> new InvalidPackageException("problem.yaml is missing")));
    Limits limits = yaml.limits();
    if (limits.timeLimitSeconds().isEmpty()) {
      limits =
          files
              .file(TIME_LIMIT_FILE)
              .map(ProblemPackage::seconds)
              .map(limits::withTimeLimitSeconds)
              .orElse(limits);
    }
    Validation validation = yaml.validation();
    if (yaml.modern()
        && validation == Validation.DEFAULT
        && !files.under(MODERN_VALIDATOR).isEmpty()) {
      validation = Validation.CUSTOM;
    }
    if (validation == Validation.DEFAULT) {
      // Refuse bad flags now, as a package error, rather than on every submission.
      try {
        ValidatorFlags.parse(yaml.validatorFlags());
      } catch (IllegalArgumentException e) {
        throw new InvalidPackageException("validator_flags in problem.yaml: " + e.getMessage());
      }
    }
    String name = yaml.name().or(files::directoryName).orElse("problem");
    TestGroup data = TestData.read(files);
    if (validation == Validation.DEFAULT) {
      checkGroupFlags(data, yaml.validatorFlags());
    }
    return new ProblemPackage(
        name,
        files
            .directoryName()
            .orElse(name.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT)),
        limits,
        validation,
        yaml.validatorFlags(),
        data.cases().toList(),
        outputValidator(files, validation, yaml.modern()),
        ProgramSource.eachIn(files.under("submissions/accepted/")),
        !yaml.scoring()
            ? ProblemType.PASS_FAIL
            : yaml.modern() ? ProblemType.SCORING_2023_07 : ProblemType.SCORING_LEGACY,
        data);
  }

  /**
   * A group's output_validator_flags the default validator does not know are refused now, naming
   * the group.
   */
  private static void checkGroupFlags(TestGroup group, List<String> problemFlags) {
    if (!group.rules().outputValidatorFlags().isEmpty()) {
      try {
        ValidatorFlags.parse(withGroupFlags(problemFlags, group));
      } catch (IllegalArgumentException e) {
        throw new InvalidPackageException(
            "output_validator_flags of data/"
                + PackageFiles.printable(group.path())
                + " (testdata.yaml): "
                + e.getMessage());
      }
    }
    group
        .items()
        .forEach(
            item -> {
              if (item instanceof TestGroup subgroup) {
                checkGroupFlags(subgroup, problemFlags);
              }
            });
  }

  private static double seconds(byte[] timeLimitFile) {
    String text = new String(timeLimitFile, StandardCharsets.UTF_8).strip();
    if (!SECONDS.matcher(text).matches() || !(Double.parseDouble(text) > 0)) {
      throw new InvalidPackageException(
          TIME_LIMIT_FILE + " must hold a positive number of seconds");
    }
    return Double.parseDouble(text);
  }

  /**
   * The custom validator or interactor: in the 2023-07 format output_validator/ is the program, in
   * the legacy one output_validators/ holds it as its only file or directory.
   */
  private static Optional<ProgramSource> outputValidator(
      PackageFiles files, Validation validation, boolean modern) {
    if (validation == Validation.DEFAULT) {
      return Optional.empty();
    }
    String what = validation == Validation.INTERACTIVE ? "interactor" : "validator";
    String why =
        validation == Validation.INTERACTIVE
            ? "the problem is interactive"
            : "validation is custom";
    if (modern) {
      var program = files.under(MODERN_VALIDATOR);
      if (program.isEmpty()) {
        throw new InvalidPackageException(
            why + " but " + MODERN_VALIDATOR + " holds no " + what + " program");
      }
      return Optional.of(new ProgramSource("output_validator", program));
    }
    List<ProgramSource> validators = ProgramSource.eachIn(files.under(LEGACY_VALIDATORS));
    if (validators.isEmpty()) {
      throw new InvalidPackageException(
          why + " but " + LEGACY_VALIDATORS + " holds no " + what + " program");
    }
    if (validators.size() > 1) {
      throw new InvalidPackageException(
          LEGACY_VALIDATORS
              + " must hold exactly one "
              + what
              + " program, it holds "
              + validators.stream().map(ProgramSource::name).map(PackageFiles::printable).toList());
    }
    return Optional.of(validators.get(0));
  }

  /**
   * The flags the validator or interactor gets on the cases of {@code group}: problem.yaml's, then
   * the group's.
   */
  public List<String> validatorFlags(TestGroup group) {
    return withGroupFlags(validatorFlags, group);
  }

  /** The flags the validator or interactor gets on {@code testCase}: those of its group. */
  public List<String> validatorFlags(TestCase testCase) {
    String path = testCase.name().substring(0, Math.max(0, testCase.name().lastIndexOf('/')));
    return data.group(path).map(this::validatorFlags).orElse(validatorFlags);
  }

  private static List<String> withGroupFlags(List<String> problemFlags, TestGroup group) {
    if (group.rules().outputValidatorFlags().isEmpty()) {
      return problemFlags;
    }
    List<String> flags = new java.util.ArrayList<>(problemFlags);
    flags.addAll(group.rules().outputValidatorFlags());
    return List.copyOf(flags);
  }

  /** The language a source file is written in, by its extension. */
  public static Optional<Language> languageOf(String path) {
    int dot = path.lastIndexOf('.');
    if (dot < 0 || path.indexOf('/', dot) >= 0) {
      return Optional.empty();
    }
    return switch (path.substring(dot + 1)) {
      case "c" -> Optional.of(Language.C);
      case "cc", "cpp", "cxx", "c++" -> Optional.of(Language.CPP);
      case "java" -> Optional.of(Language.JAVA);
      case "py" -> Optional.of(Language.PYTHON);
      default -> Optional.empty();
    };
  }
}
