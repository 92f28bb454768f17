package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.Comparison;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.IoTest;
import dev.autograder.grading.Language;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.Progress;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.TestFlavours;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verdicts for real programs in every language, graded in the real sandbox. */
class IoGraderTest {
  private static IoGrader grader;
  private final List<Progress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final ValidatorCache checkers = new ValidatorCache(4);
  private final Flavour flavour = TestFlavours.small();

  @org.junit.jupiter.api.AfterAll
  static void closeCheckers() {
    checkers.close();
  }

  @BeforeAll
  static void connect() {
    DockerSandbox sandbox = TestFlavours.engine("grader-test-" + UUID.randomUUID());
    grader = new IoGrader(sandbox, checkers);
  }

  private static IoSpec greeting(Language language) {
    return new IoSpec(
        language,
        null,
        List.of(
            IoTest.of("ada", "Ada\n", "Hello, Ada!\n", Comparison.EXACT, 1),
            IoTest.of("grace", "Grace\n", "Hello, Grace!\n", Comparison.WHITESPACE, 2)),
        null);
  }

  private GradingResult grade(Language language, String path, String source) {
    return grader.grade(
        greeting(language),
        Map.of(path, source.getBytes(StandardCharsets.UTF_8)),
        flavour,
        "test",
        progress::add);
  }

  private static void assertAccepted(GradingResult r) {
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
    assertEquals(3.0, r.score());
    assertEquals(3.0, r.maxScore());
    assertEquals(2, r.tests().size());
  }

  @Test
  void aCorrectJavaProgramIsAccepted() {
    assertAccepted(
        grade(
            Language.JAVA,
            "Main.java",
            """
        import java.util.Scanner;
        public class Main {
          public static void main(String[] args) {
            System.out.println("Hello, " + new Scanner(System.in).nextLine() + "!");
          }
        }
        """));
  }

  @Test
  void aJavaProgramWhoseMainClassIsNotMainRunsWhenTheSpecNamesNone() {
    assertAccepted(
        grade(
            Language.JAVA,
            "Greeter.java",
            """
        package hello;
        import java.util.Scanner;
        public class Greeter {
          public static void main(String[] args) {
            System.out.println("Hello, " + new Scanner(System.in).nextLine() + "!");
          }
        }
        """));
  }

  @Test
  void aCorrectPythonProgramIsAcceptedAndItsProgressIsReported() {
    assertAccepted(grade(Language.PYTHON, "main.py", "print(f'Hello, {input()}!')\n"));
    assertEquals(
        List.of(
            new Progress(Progress.Phase.COMPILING, 0, 2),
            new Progress(Progress.Phase.TESTING, 1, 2),
            new Progress(Progress.Phase.TESTING, 2, 2)),
        progress);
  }

  @Test
  void aCorrectCProgramIsAccepted() {
    assertAccepted(
        grade(
            Language.C,
            "hello.c",
            """
        #include <stdio.h>
        int main(void) { char n[64]; scanf("%63s", n); printf("Hello, %s!\\n", n); return 0; }
        """));
  }

  @Test
  void aCorrectCppProgramIsAccepted() {
    assertAccepted(
        grade(
            Language.CPP,
            "hello.cpp",
            """
        #include <iostream>
        #include <string>
        int main() { std::string n; std::cin >> n; std::cout << "Hello, " << n << "!" << std::endl; }
        """));
  }

  @Test
  void aWrongOutputIsAWrongAnswerWithTheFirstDifference() {
    var r = grade(Language.PYTHON, "main.py", "print(f'Hello {input()}')\n");
    assertEquals(Verdict.WRONG_ANSWER, r.verdict());
    assertEquals(0.0, r.score());
    assertTrue(r.tests().get(0).feedback().contains("Hello, Ada!"), r.tests().get(0).feedback());
  }

  @Test
  void whitespaceInsensitiveComparisonIgnoresSpacing() {
    var r = grade(Language.PYTHON, "main.py", "print(f'Hello,   {input()}!  ')\n");
    assertEquals(
        Verdict.WRONG_ANSWER, r.tests().get(0).verdict(), "exact comparison sees the spaces");
    assertEquals(Verdict.ACCEPTED, r.tests().get(1).verdict(), "whitespace comparison does not");
    assertEquals(2.0, r.score());
  }

  @Test
  void aCSyntaxErrorIsACompileErrorWithTheCompilersMessage() {
    var r = grade(Language.C, "hello.c", "int main(void) { return 0 }\n");
    assertEquals(Verdict.COMPILE_ERROR, r.verdict());
    assertTrue(r.compileOutput().contains("error"), r.compileOutput());
    assertTrue(r.tests().isEmpty());
  }

  @Test
  void aJavaSyntaxErrorIsACompileError() {
    var r = grade(Language.JAVA, "Main.java", "public class Main { void f() { int x = } }\n");
    assertEquals(Verdict.COMPILE_ERROR, r.verdict());
    assertTrue(r.compileOutput().contains("Main.java:1: error"), r.compileOutput());
  }

  @Test
  void aPythonSyntaxErrorIsACompileError() {
    var r = grade(Language.PYTHON, "main.py", "print('unclosed'\n");
    assertEquals(Verdict.COMPILE_ERROR, r.verdict());
    assertTrue(r.compileOutput().contains("SyntaxError"), r.compileOutput());
  }

  @Test
  void anEndlessLoopIsATimeLimitWithinItsWallLimit() {
    long start = System.nanoTime();
    var r = grade(Language.C, "loop.c", "int main(void) { for (;;) {} }\n");
    long took = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Verdict.TIME_LIMIT, r.verdict());
    assertEquals(Verdict.TIME_LIMIT, r.tests().get(0).verdict());
    assertTrue(r.tests().get(0).wallMillis() >= flavour.wallTime().toMillis());
    assertTrue(
        took < 2 * 3 * flavour.wallTime().toMillis() + 15_000, "two tests, took " + took + " ms");
  }

  @Test
  void allocatingPastTheMemoryLimitIsAMemoryLimitInEveryLanguage() {
    var c =
        grade(
            Language.C,
            "hog.c",
            """
        #include <stdlib.h>
        #include <string.h>
        int main(void) { for (;;) { char *p = malloc(1 << 24); memset(p, 1, 1 << 24); } }
        """);
    assertEquals(Verdict.MEMORY_LIMIT, c.verdict(), c.toString());
    var java =
        grade(
            Language.JAVA,
            "Main.java",
            """
        import java.util.*;
        public class Main {
          public static void main(String[] a) {
            List<long[]> keep = new ArrayList<>();
            for (;;) keep.add(new long[1 << 20]);
          }
        }
        """);
    assertEquals(Verdict.MEMORY_LIMIT, java.verdict(), java.toString());
    var python =
        grade(
            Language.PYTHON, "main.py", "keep = []\nwhile True: keep.append(bytearray(1 << 24))\n");
    assertEquals(Verdict.MEMORY_LIMIT, python.verdict(), python.toString());
  }

  @Test
  void aCrashIsARuntimeErrorWithTheEndOfStderr() {
    var r = grade(Language.PYTHON, "main.py", "raise ValueError('boom')\n");
    assertEquals(Verdict.RUNTIME_ERROR, r.verdict());
    assertTrue(
        r.tests().get(0).feedback().contains("ValueError: boom"), r.tests().get(0).feedback());
    assertEquals(1, r.tests().get(0).exitCode());
  }

  @Test
  void endlessOutputIsAnOutputLimit() {
    var r =
        grade(
            Language.C,
            "spam.c",
            "#include <stdio.h>\nint main(void) { for (;;) puts(\"spam\"); }\n");
    assertEquals(Verdict.OUTPUT_LIMIT, r.verdict(), r.toString());
  }

  @Test
  void aSubmissionWithoutSourcesOfTheLanguageIsACompileError() {
    var r = grade(Language.JAVA, "notes.txt", "no code here");
    assertEquals(Verdict.COMPILE_ERROR, r.verdict());
    assertTrue(r.log().contains("no java source file"));
  }
}
