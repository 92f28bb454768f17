package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.grading.Language;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java class or Python file a program starts from, found from its sources as Kattis finds it.
 */
class EntryPointTest {

  private static Map<String, byte[]> sources(String... pathsAndTexts) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndTexts.length; i += 2) {
      files.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  private static String found(EntryPoint entryPoint) {
    return assertInstanceOf(EntryPoint.Found.class, entryPoint, entryPoint.toString()).name();
  }

  private static String unclear(EntryPoint entryPoint) {
    return assertInstanceOf(EntryPoint.Unclear.class, entryPoint, entryPoint.toString()).why();
  }

  @Test
  void theJavaClassThatDeclaresMainIsRunWhateverItIsCalled() {
    var entry =
        EntryPoint.of(
            Language.JAVA,
            null,
            sources(
                "Different.java",
                    "public class Different { public static void main(String[] args) {} }",
                "Helper.java", "class Helper { static void main() {} void run(String[] a) {} }"),
            List.of());
    assertEquals("Different", found(entry));
    assertTrue(((EntryPoint.Found) entry).how().contains("declares main"));
  }

  @Test
  void aJavaMainClassInAPackageRunsByItsFullName() {
    assertEquals(
        "se.kth.judge.Solver",
        found(
            EntryPoint.of(
                Language.JAVA,
                null,
                sources(
                    "Solver.java",
                    """
        // package not.this;
        package se.kth.judge;

        import java.util.*;

        public final class Solver {
          static final String TEXT = "class Fake { public static void main(String[] a) {} }";
          /* public static void main(String[] args) in a comment */
          public static void main(final String... args) {
            Runnable r = new Runnable() { public void run() {} };
            System.out.println(String.class);
          }
        }
        """),
                List.of())));
  }

  @Test
  void aMainInANestedClassRunsByItsBinaryName() {
    assertEquals(
        "Outer$Inner",
        found(
            EntryPoint.of(
                Language.JAVA,
                null,
                sources(
                    "Outer.java",
                    """
        public class Outer {
          record Point(int x, int y) { }
          static class Inner {
            static public void main(String args[]) { }
          }
        }
        """),
                List.of())));
  }

  @Test
  void severalJavaMainsAreResolvedByTheProblemsNameThenMain() {
    var files =
        sources(
            "Guess.java", "public class Guess { public static void main(String[] a) {} }",
            "Main.java", "public class Main { public static void main(String[] a) {} }");
    assertEquals(
        "Guess",
        found(EntryPoint.of(Language.JAVA, null, files, List.of("guess", "Guess the Number"))));
    assertEquals("Main", found(EntryPoint.of(Language.JAVA, null, files, List.of("other"))));
  }

  @Test
  void severalJavaMainsWithNoRuleToPickOneAreUnclear() {
    String why =
        unclear(
            EntryPoint.of(
                Language.JAVA,
                null,
                sources(
                    "A.java", "public class A { public static void main(String[] a) {} }",
                    "B.java", "public class B { public static void main(String[] a) {} }"),
                List.of()));
    assertTrue(why.contains("A, B"), why);
  }

  @Test
  void withoutAMainASingleJavaFileNamesTheClassAndSeveralAreUnclear() {
    assertEquals(
        "x.Odd",
        found(
            EntryPoint.of(
                Language.JAVA, null, sources("Odd.java", "package x; class Odd { }"), List.of())));
    unclear(
        EntryPoint.of(
            Language.JAVA,
            null,
            sources("A.java", "class A { }", "B.java", "class B { }"),
            List.of()));
  }

  @Test
  void anEntryPointTheSpecNamesIsUsedAsItIs() {
    assertEquals(
        "app.Start",
        found(
            EntryPoint.of(
                Language.JAVA,
                "app.Start",
                sources("A.java", "public class A { public static void main(String[] a) {} }"),
                List.of())));
  }

  @Test
  void pythonRunsTheOnlyFileElseTheOneNamedLikeTheProblemElseMainPy() {
    assertEquals(
        "solve.py",
        found(EntryPoint.of(Language.PYTHON, null, sources("solve.py", ""), List.of())));
    assertEquals(
        "guess_the_number.py",
        found(
            EntryPoint.of(
                Language.PYTHON,
                null,
                sources("guess_the_number.py", "", "main.py", "", "util.py", ""),
                List.of("Guess the Number"))));
    assertEquals(
        "main.py",
        found(
            EntryPoint.of(
                Language.PYTHON, null, sources("main.py", "", "util.py", ""), List.of("guess"))));
    String why =
        unclear(
            EntryPoint.of(
                Language.PYTHON, null, sources("a.py", "", "b.py", ""), List.of("guess")));
    assertTrue(why.contains("main.py"), why);
  }
}
