package dev.autograder.grading;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One input/output test.
 *
 * @param args command-line arguments of the program
 * @param files input files placed in the work directory before the program runs (path to text)
 * @param expectedStdout the expected output; a regular expression with {@link Comparison#REGEX}
 * @param absoluteTolerance for {@link Comparison#FLOAT}: numbers within this absolute error match
 * @param relativeTolerance for {@link Comparison#FLOAT}: numbers within this relative error match
 * @param timeLimitMillis the wall-clock limit for this test, 0 for the flavour's limit
 */
public record IoTest(
    String name,
    String stdin,
    List<String> args,
    Map<String, String> files,
    String expectedStdout,
    Comparison comparison,
    double absoluteTolerance,
    double relativeTolerance,
    double points,
    long timeLimitMillis,
    Visibility visibility) {

  public IoTest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expectedStdout, "expectedStdout");
    stdin = stdin == null ? "" : stdin;
    args = args == null ? List.of() : List.copyOf(args);
    files = files == null ? Map.of() : Map.copyOf(files);
    comparison = comparison == null ? Comparison.EXACT : comparison;
    visibility = visibility == null ? Visibility.VISIBLE : visibility;
  }

  /** A test of stdin and stdout only, visible, with the flavour's time limit. */
  public static IoTest of(
      String name, String stdin, String expectedStdout, Comparison comparison, double points) {
    return new IoTest(
        name,
        stdin,
        List.of(),
        Map.of(),
        expectedStdout,
        comparison,
        0,
        0,
        points,
        0,
        Visibility.VISIBLE);
  }
}
