package dev.autograder.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.Language;
import dev.autograder.problem.TestCase.Group;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ProblemPackageTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String refusal(TestZip zip) {
    return assertThrows(InvalidPackageException.class, zip::parse).getMessage();
  }

  private static void assertRefused(TestZip zip, String expectedMessagePart) {
    String message = refusal(zip);
    assertTrue(
        message.contains(expectedMessagePart),
        "'" + message + "' should mention '" + expectedMessagePart + "'");
  }

  private static List<String> names(ProblemPackage p) {
    return p.testCases().stream().map(TestCase::name).toList();
  }

  @Test
  void aMinimalPackageHasTheFormatsDefaults() {
    ProblemPackage p = TestZip.minimal().parse();
    assertEquals("Hello", p.name());
    assertEquals(
        new Limits(5, 2, 1, OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty()),
        p.limits());
    assertEquals(Validation.DEFAULT, p.validation());
    assertEquals(List.of(), p.validatorFlags());
    assertEquals(
        List.of(new TestCase("secret/1", Group.SECRET, utf8("1 2\n"), utf8("3\n"))), p.testCases());
    assertEquals(Optional.empty(), p.outputValidator());
    assertEquals(List.of(), p.acceptedSolutions());
  }

  @Test
  void aZipWithATopLevelDirectoryIsReadFromThatDirectory() {
    ProblemPackage p = TestZip.minimal().with("problem.yaml", "").under("hello").parse();
    assertEquals(
        "hello", p.name(), "without a name in problem.yaml, the directory names the problem");
    assertEquals(List.of("secret/1"), names(p));
  }

  @Test
  void theShortNameIsTheDirectoryElseTheNamesLettersAndDigits() {
    assertEquals(
        "guess",
        TestZip.minimal()
            .with("problem.yaml", "name: Guess the Number\n")
            .under("guess")
            .parse()
            .shortName());
    assertEquals(
        "guessthenumber2",
        TestZip.minimal().with("problem.yaml", "name: Guess the Number 2!\n").parse().shortName());
  }

  @Test
  void withoutANameOrDirectoryTheProblemIsCalledProblem() {
    assertEquals(
        "problem", TestZip.minimal().with("problem.yaml", "author: Someone\n").parse().name());
  }

  @Test
  void aNameGivenPerLanguagePrefersEnglishThenTheFirst() {
    assertEquals(
        "Hello",
        TestZip.minimal().with("problem.yaml", "name:\n  sv: Hej\n  en: Hello\n").parse().name());
    assertEquals(
        "Hej",
        TestZip.minimal().with("problem.yaml", "name:\n  sv: Hej\n  de: Hallo\n").parse().name());
    assertRefused(TestZip.minimal().with("problem.yaml", "name: [a, b]\n"), "name");
  }

  @Test
  void macOsMetadataDoesNotHideTheTopLevelDirectory() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "")
            .under("hello")
            .with("__MACOSX/hello/._problem.yaml", "fork")
            .parse();
    assertEquals("hello", p.name());
  }

  @Test
  void aPracticeRunsPackageHasTheSamplesOnly() {
    ProblemPackage p =
        TestZip.minimal()
            .with("data/secret/group1/01.in", "")
            .with("data/secret/group1/01.ans", "")
            .with("data/sample/1.in", "")
            .with("data/sample/1.ans", "")
            .parse();
    ProblemPackage samples = p.samplesOnly();
    assertEquals(List.of("sample/1"), names(samples));
    assertEquals(List.of("sample/1"), samples.data().cases().map(TestCase::name).toList());
    assertEquals(
        List.of(), TestZip.minimal().parse().samplesOnly().testCases(), "none without data/sample");
  }

  @Test
  void testCasesComeSampleFirstInLexicographicOrder() {
    ProblemPackage p =
        TestZip.minimal()
            .with("data/secret/group2/01.in", "")
            .with("data/secret/group2/01.ans", "")
            .with("data/secret/group1/03-big.in", "")
            .with("data/secret/group1/03-big.ans", "")
            .with("data/secret/group1/01.in", "")
            .with("data/secret/group1/01.ans", "")
            .with("data/sample/2.in", "")
            .with("data/sample/2.ans", "")
            .with("data/sample/1.in", "")
            .with("data/sample/1.ans", "")
            .parse();
    assertEquals(
        List.of(
            "sample/1",
            "sample/2",
            "secret/1",
            "secret/group1/01",
            "secret/group1/03-big",
            "secret/group2/01"),
        names(p));
    assertEquals(
        List.of(Group.SAMPLE, Group.SAMPLE, Group.SECRET, Group.SECRET, Group.SECRET, Group.SECRET),
        p.testCases().stream().map(TestCase::group).toList());
  }

  @Test
  void eachInputIsPairedWithItsAnswer() {
    TestCase sample =
        TestZip.minimal()
            .with("data/sample/a.in", "in")
            .with("data/sample/a.ans", "ans")
            .parse()
            .testCases()
            .get(0);
    assertArrayEquals(utf8("in"), sample.input());
    assertArrayEquals(utf8("ans"), sample.answer());
  }

  @Test
  void anInputWithoutAnAnswerIsRefused() {
    assertRefused(TestZip.minimal().with("data/secret/group1/2.in", ""), "data/secret/group1/2.in");
  }

  @Test
  void anAnswerWithoutAnInputIsRefused() {
    assertRefused(TestZip.minimal().with("data/sample/1.ans", ""), "data/sample/1.ans");
  }

  @Test
  void otherFilesInDataAreIgnored() {
    ProblemPackage p =
        TestZip.minimal()
            .with("data/secret/1.desc", "")
            .with("data/secret/1.hint", "")
            .with("data/secret/1.png", "")
            .with("data/secret/testdata.yaml", "")
            .with("data/sample/1.interaction", "")
            .with("data/README", "")
            .parse();
    assertEquals(List.of("secret/1"), names(p));
  }

  @Test
  void aPackageNeedsASecretTestCase() {
    assertRefused(
        TestZip.minimal()
            .without("data/secret/1.in")
            .without("data/secret/1.ans")
            .with("data/sample/1.in", "")
            .with("data/sample/1.ans", ""),
        "no secret test cases");
  }

  @Test
  void limitsAreReadFromProblemYaml() {
    String yaml =
        "limits:\n  time_multiplier: 3\n  time_safety_margin: 1.5\n  memory: 1024\n  output: 16\n"
            + "  time_limit: 2.5\n";
    assertEquals(
        new Limits(3, 1.5, 1, OptionalLong.of(1024), OptionalLong.of(16), OptionalDouble.of(2.5)),
        TestZip.minimal().with("problem.yaml", yaml).parse().limits());
  }

  @Test
  void a2023PackageHasItsOwnMultipliersAndResolution() {
    assertEquals(
        new Limits(
            2.0, 1.5, 1.0, OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty()),
        TestZip.minimal()
            .with("problem.yaml", "problem_format_version: 2023-07-draft\n")
            .parse()
            .limits());
    String yaml =
        "problem_format_version: 2023-07-draft\nlimits:\n  time_multipliers:\n    ac_to_time_limit: 3\n"
            + "    time_limit_to_tle: 2\n  time_resolution: 0.5\n  time_multiplier: 9\n";
    assertEquals(
        new Limits(3, 2, 0.5, OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty()),
        TestZip.minimal().with("problem.yaml", yaml).parse().limits(),
        "the legacy key means nothing in 2023-07");
    assertRefused(
        TestZip.minimal()
            .with(
                "problem.yaml",
                "problem_format_version: 2023-07\nlimits:\n  time_multipliers:\n    ac_to_time_limit: 0\n"),
        "limits.time_multipliers.ac_to_time_limit");
  }

  @Test
  void limitsThatAreNotPositiveNumbersAreRefused() {
    for (String bad :
        List.of(
            "memory: -1",
            "memory: 1.5",
            "output: lots",
            "time_multiplier: 0",
            "time_safety_margin: -2",
            "time_limit: 1e999")) {
      String key = bad.substring(0, bad.indexOf(':'));
      assertRefused(
          TestZip.minimal().with("problem.yaml", "limits:\n  " + bad + "\n"), "limits." + key);
    }
    assertRefused(TestZip.minimal().with("problem.yaml", "limits: 5\n"), "limits");
  }

  @Test
  void theTimeLimitFileIsReadWhenProblemYamlHasNone() {
    assertEquals(
        OptionalDouble.of(1.5),
        TestZip.minimal().with(".timelimit", "1.5\n").parse().limits().timeLimitSeconds());
    assertEquals(
        OptionalDouble.of(3),
        TestZip.minimal()
            .with(".timelimit", "3")
            .under("hello")
            .parse()
            .limits()
            .timeLimitSeconds());
  }

  @Test
  void problemYamlsTimeLimitWinsOverTheTimeLimitFile() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "limits:\n  time_limit: 2\n")
            .with(".timelimit", "9")
            .parse();
    assertEquals(OptionalDouble.of(2), p.limits().timeLimitSeconds());
  }

  @Test
  void aTimeLimitFileWithoutAPositiveNumberIsRefused() {
    assertRefused(TestZip.minimal().with(".timelimit", "two seconds"), ".timelimit");
    assertRefused(TestZip.minimal().with(".timelimit", "0"), ".timelimit");
  }

  @Test
  void aCustomValidatorIsTheDirectoryUnderOutputValidators() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "validation: custom\nvalidator_flags: strict  x=1\n")
            .with("output_validators/checker/checker.cpp", "int main() {}")
            .with("output_validators/checker/lib/testlib.h", "// lib")
            .parse();
    assertEquals(Validation.CUSTOM, p.validation());
    assertEquals(
        List.of("strict", "x=1"), p.validatorFlags(), "a custom validator takes any flags");
    assertEquals(
        Optional.of(
            new ProgramSource(
                "checker",
                Map.of("checker.cpp", utf8("int main() {}"), "lib/testlib.h", utf8("// lib")))),
        p.outputValidator());
  }

  @Test
  void aCustomValidatorMayBeASingleFile() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "validation: custom\n")
            .with("output_validators/validate.py", "print()")
            .parse();
    assertEquals(
        Optional.of(new ProgramSource("validate.py", Map.of("validate.py", utf8("print()")))),
        p.outputValidator());
  }

  @Test
  void customValidationNeedsExactlyOneValidator() {
    TestZip custom = TestZip.minimal().with("problem.yaml", "validation: custom\n");
    assertRefused(custom, "no validator");
    assertRefused(
        custom.with("output_validators/a.py", "").with("output_validators/b/b.c", ""),
        "exactly one");
  }

  @Test
  void defaultValidationIgnoresOutputValidators() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "validation: default\n")
            .with("output_validators/a.py", "")
            .with("output_validators/b.py", "")
            .parse();
    assertEquals(Validation.DEFAULT, p.validation());
    assertEquals(Optional.empty(), p.outputValidator());
  }

  @Test
  void scoringProblemsAreReadAndUnknownValidationsAreRefused() {
    assertEquals(
        ProblemType.SCORING_LEGACY,
        TestZip.minimal().with("problem.yaml", "type: scoring\n").parse().type());
    assertEquals(
        ProblemType.SCORING_LEGACY,
        TestZip.minimal()
            .with("problem.yaml", "validation: custom score\n")
            .with("output_validators/v/v.py", "")
            .parse()
            .type());
    ProblemPackage modern =
        TestZip.minimal()
            .with(
                "problem.yaml",
                "problem_format_version: 2023-07-draft\ntype: [interactive, scoring]\n")
            .with("output_validator/i.py", "")
            .parse();
    assertEquals(ProblemType.SCORING_2023_07, modern.type());
    assertEquals(Validation.INTERACTIVE, modern.validation());
    assertRefused(
        TestZip.minimal()
            .with("problem.yaml", "type: pass-fail\nvalidation: custom score\n")
            .with("output_validators/v/v.py", ""),
        "only for problems of type scoring");
    assertRefused(
        TestZip.minimal()
            .with("problem.yaml", "problem_format_version: 2023-07\ntype: multi-pass\n"),
        "multi-pass problems are not supported");
    assertRefused(
        TestZip.minimal().with("problem.yaml", "validation: strict\n"), "'default' or 'custom'");
    assertRefused(
        TestZip.minimal().with("problem.yaml", "problem_format_version: 2023-07\ntype: quiz\n"),
        "'quiz'");
  }

  @Test
  void aLegacyInteractiveProblemHasItsInteractorInOutputValidators() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "validation: custom interactive\n")
            .with("output_validators/guess/interactor.py", "print()")
            .parse();
    assertEquals(Validation.INTERACTIVE, p.validation());
    assertEquals(
        Optional.of(new ProgramSource("guess", Map.of("interactor.py", utf8("print()")))),
        p.outputValidator());
  }

  @Test
  void a2023InteractiveProblemHasItsInteractorInOutputValidator() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "problem_format_version: 2023-07-draft\ntype: interactive\n")
            .with("output_validator/interactor.cpp", "int main() {}")
            .with("output_validator/testlib.h", "// lib")
            .parse();
    assertEquals(Validation.INTERACTIVE, p.validation());
    assertEquals(
        Optional.of(
            new ProgramSource(
                "output_validator",
                Map.of("interactor.cpp", utf8("int main() {}"), "testlib.h", utf8("// lib")))),
        p.outputValidator());
  }

  @Test
  void a2023PackageWithOutputValidatorHasCustomValidation() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "problem_format_version: 2023-07-draft\n")
            .with("output_validator/check.py", "print()")
            .parse();
    assertEquals(Validation.CUSTOM, p.validation());
    assertEquals(
        Validation.DEFAULT,
        TestZip.minimal()
            .with("problem.yaml", "problem_format_version: 2023-07-draft\ntype: pass-fail\n")
            .parse()
            .validation());
  }

  @Test
  void anInteractiveProblemWithoutItsInteractorIsRefusedNamingWhereItBelongs() {
    assertRefused(
        TestZip.minimal().with("problem.yaml", "validation: custom interactive\n"),
        "the problem is interactive but output_validators/ holds no interactor program");
    assertRefused(
        TestZip.minimal()
            .with("problem.yaml", "problem_format_version: 2023-07\ntype: interactive\n")
            .with("output_validators/x.py", ""),
        "output_validator/ holds no interactor program");
  }

  @Test
  void validatorFlagsAreSplitOnWhitespace() {
    ProblemPackage p =
        TestZip.minimal()
            .with("problem.yaml", "validator_flags: \"  float_tolerance 1e-6\\tcase_sensitive \"\n")
            .parse();
    assertEquals(List.of("float_tolerance", "1e-6", "case_sensitive"), p.validatorFlags());
  }

  @Test
  void flagsTheDefaultValidatorDoesNotKnowAreAPackageError() {
    assertRefused(
        TestZip.minimal().with("problem.yaml", "validator_flags: ignore_case\n"), "ignore_case");
    assertRefused(
        TestZip.minimal().with("problem.yaml", "validator_flags: float_tolerance\n"),
        "float_tolerance");
    assertRefused(
        TestZip.minimal().with("problem.yaml", "validator_flags: [a]\n"), "validator_flags");
  }

  @Test
  void acceptedSolutionsAreOneProgramPerFileOrDirectory() {
    ProblemPackage p =
        TestZip.minimal()
            .with("submissions/accepted/sol.py", "print(3)")
            .with("submissions/accepted/java/Main.java", "class Main {}")
            .with("submissions/accepted/java/Util.java", "class Util {}")
            .with("submissions/wrong_answer/wa.py", "print(4)")
            .parse();
    assertEquals(
        List.of(
            new ProgramSource(
                "java",
                Map.of("Main.java", utf8("class Main {}"), "Util.java", utf8("class Util {}"))),
            new ProgramSource("sol.py", Map.of("sol.py", utf8("print(3)")))),
        p.acceptedSolutions());
  }

  @Test
  void problemYamlIsRequiredAndMustBeAMap() {
    assertEquals("problem.yaml is missing", refusal(TestZip.minimal().without("problem.yaml")));
    assertRefused(TestZip.minimal().with("problem.yaml", "- a\n- b\n"), "map");
    assertRefused(TestZip.minimal().with("problem.yaml", "just text\n"), "map");
  }

  @Test
  void malformedYamlIsRefusedWithTheParsersMessage() {
    String message =
        refusal(TestZip.minimal().with("problem.yaml", "name: [unclosed\nlimits: {\n"));
    assertTrue(message.startsWith("problem.yaml is not valid YAML"), message);
    assertTrue(message.length() > "problem.yaml is not valid YAML".length() + 10, message);
  }

  @Test
  void anEmptyProblemYamlMeansAllDefaults() {
    assertEquals(
        Limits.defaults(),
        TestZip.minimal().with("problem.yaml", "# nothing to set\n").parse().limits());
  }

  @Test
  void unknownKeysAreIgnored() {
    String yaml =
        """
        problem_format_version: legacy
        name: Hello
        uuid: 3f1c2a5e-0000-4000-8000-000000000000
        author: Ada Lovelace
        source: NWERC 2020
        source_url: https://example.org
        license: cc by-sa
        rights_owner: Someone
        keywords: strings greedy
        languages: [cpp, java]
        grading:
          objective: min
        """;
    assertEquals("Hello", TestZip.minimal().with("problem.yaml", yaml).parse().name());
  }

  @Test
  void entryNamesThatEscapeThePackageAreRefused() {
    for (String bad :
        List.of("/etc/passwd", "../x", "data/../../x", "data\\secret\\1.in", "C:/x", "..")) {
      assertRefused(TestZip.minimal().with(bad, ""), "is not allowed");
    }
  }

  @Test
  void aZipBombStopsAtTheLimit() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("data/secret/bomb.in"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertTrue(out.size() < 200_000, "100 MiB of zeros compress to " + out.size() + " bytes");
    var e =
        assertThrows(
            InvalidPackageException.class,
            () -> ProblemPackage.parse(out.toByteArray(), 1_000_000));
    assertEquals("the package unpacks to more than 1000000 bytes", e.getMessage());
  }

  @Test
  void theUnpackedSizeIsCountedOverAllEntries() {
    TestZip zip =
        TestZip.minimal()
            .with("data/secret/2.in", "x".repeat(600))
            .with("data/secret/2.ans", "y".repeat(600));
    assertThrows(InvalidPackageException.class, () -> ProblemPackage.parse(zip.bytes(), 1000));
    ProblemPackage.parse(zip.bytes(), 2000);
  }

  @Test
  void tooManyEntriesAreRefused() {
    TestZip zip = TestZip.minimal();
    for (int i = 0; i < 10_000; i++) {
      zip.with("data/secret/extra/" + i + ".desc", "");
    }
    assertRefused(zip, "at most 10000 zip entries");
  }

  @Test
  void anEntryTwiceIsRefused() {
    // ZipOutputStream refuses duplicate names, so write "1.ANS" and rename it in the zip's bytes.
    byte[] zip = TestZip.minimal().with("data/secret/1.ANS", "4\n").bytes();
    String text =
        new String(zip, StandardCharsets.ISO_8859_1)
            .replace("data/secret/1.ANS", "data/secret/1.ans");
    var e =
        assertThrows(
            InvalidPackageException.class,
            () -> ProblemPackage.parse(text.getBytes(StandardCharsets.ISO_8859_1), 10_000));
    assertTrue(e.getMessage().contains("data/secret/1.ans twice"), e.getMessage());
  }

  @Test
  void somethingThatIsNotAZipIsRefused() {
    assertThrows(
        InvalidPackageException.class, () -> ProblemPackage.parse(utf8("name: Hello\n"), 1000));
    assertThrows(InvalidPackageException.class, () -> ProblemPackage.parse(new byte[0], 1000));
  }

  @Test
  void theLanguageFollowsTheExtension() {
    assertEquals(Optional.of(Language.C), ProblemPackage.languageOf("sol.c"));
    for (String cpp : List.of("a.cc", "a.cpp", "a.cxx", "a.c++")) {
      assertEquals(Optional.of(Language.CPP), ProblemPackage.languageOf(cpp), cpp);
    }
    assertEquals(Optional.of(Language.JAVA), ProblemPackage.languageOf("src/Main.java"));
    assertEquals(Optional.of(Language.PYTHON), ProblemPackage.languageOf("validate.py"));
    for (String none : List.of("Makefile", "a.h", "a.kt", "build", "dir.py/run", "notes.txt")) {
      assertEquals(Optional.empty(), ProblemPackage.languageOf(none), none);
    }
  }

  @Test
  void testCasesCompareByContentAndPrintSizes() {
    TestCase a = new TestCase("secret/1", Group.SECRET, utf8("12"), utf8("3"));
    assertEquals(a, new TestCase("secret/1", Group.SECRET, utf8("12"), utf8("3")));
    assertEquals(
        a.hashCode(), new TestCase("secret/1", Group.SECRET, utf8("12"), utf8("3")).hashCode());
    assertNotEquals(a, new TestCase("secret/1", Group.SECRET, utf8("12"), utf8("4")));
    assertEquals("TestCase[secret/1, SECRET, input 2 bytes, answer 1 bytes]", a.toString());
  }

  @Test
  void programSourcesCompareByContentAndPrintSizes() {
    ProgramSource a = new ProgramSource("v", Map.of("v.py", utf8("x")));
    assertEquals(a, new ProgramSource("v", Map.of("v.py", utf8("x"))));
    assertEquals(a.hashCode(), new ProgramSource("v", Map.of("v.py", utf8("x"))).hashCode());
    assertNotEquals(a, new ProgramSource("v", Map.of("v.py", utf8("y"))));
    assertEquals("ProgramSource[v, {v.py (1 bytes)}]", a.toString());
  }
}
