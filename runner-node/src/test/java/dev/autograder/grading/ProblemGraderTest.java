package dev.autograder.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ContentHash;
import dev.autograder.sandbox.TestFlavours;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Problem packages without an explicit time limit: the Kattis rule derives it from the judge solutions. */
class ProblemGraderTest {
  private static final ValidatorCache validators = new ValidatorCache(2);
  private static ProblemGrader grader;

  @BeforeAll
  static void connect() {
    grader = new ProblemGrader(TestFlavours.engine("problem-test-" + UUID.randomUUID()), validators);
  }

  @AfterAll
  static void close() {
    validators.close();
  }

  private static String sleeper(double seconds) {
    return "import time\ntime.sleep(" + seconds + ")\nprint(sum(map(int, input().split())))\n";
  }

  @Test
  void theTimeLimitIsTheSlowestJudgeSolutionTimesTheMultiplier() throws Exception {
    byte[] pkg = TestArchives.zip(Map.of(
        "problem.yaml", "name: Slow sum\nlimits:\n  time_multiplier: 5\n",
        "data/secret/1.in", "1 2\n", "data/secret/1.ans", "3\n",
        "submissions/accepted/judge.py", sleeper(0.3)));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Slow sum", 1);
    var fast = grader.grade(spec, pkg, Map.of("a.py", sleeper(1.0).getBytes(StandardCharsets.UTF_8)),
        TestFlavours.small(), "problem-test", progress -> { });
    assertEquals(Verdict.ACCEPTED, fast.verdict(), "1.0 s is within about 5 x 0.3 s: " + fast);
    var slow = grader.grade(spec, pkg, Map.of("a.py", sleeper(2.5).getBytes(StandardCharsets.UTF_8)),
        TestFlavours.small(), "problem-test", progress -> { });
    assertEquals(Verdict.TIME_LIMIT, slow.verdict(), slow.toString());
    String feedback = slow.tests().get(0).feedback();
    long limit = Long.parseLong(feedback.replaceAll("\\D+", " ").trim().split(" ")[0]);
    assertTrue(limit >= 1500 && limit <= 2500, "derived limit " + limit + " ms");
  }

  @Test
  void theSubmissionsLanguageFollowsItsFiles() throws Exception {
    byte[] pkg = TestArchives.zip(Map.of("problem.yaml", "name: Sum\n", ".timelimit", "2\n",
        "data/secret/1.in", "1 2\n", "data/secret/1.ans", "3\n"));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);
    var mixed = grader.grade(spec, pkg, Map.of("a.py", "x".getBytes(), "b.c", "y".getBytes()),
        TestFlavours.small(), "problem-test", progress -> { });
    assertEquals(Verdict.COMPILE_ERROR, mixed.verdict());
    assertTrue(mixed.compileOutput().contains("one language"), mixed.compileOutput());
    var c = grader.grade(spec, pkg, Map.of("sum.c",
        "#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); }\n"
            .getBytes(StandardCharsets.UTF_8)), TestFlavours.small(), "problem-test", progress -> { });
    assertEquals(Verdict.ACCEPTED, c.verdict(), c.toString());
    assertEquals(List.of(Visibility.HIDDEN), c.tests().stream().map(TestVerdict::visibility).toList(),
        "secret cases are hidden from students");
  }

  private static final String JAVA_SUM = """
      package %s;
      import java.util.Scanner;
      public class %s {
        public static void main(String[] args) {
          Scanner in = new Scanner(System.in);
          System.out.println(in.nextInt() + in.nextInt());
        }
      }
      """;

  @Test
  void javaJudgeSolutionsAndSubmissionsRunTheClassThatDeclaresMain() throws Exception {
    byte[] pkg = TestArchives.zip(Map.of(
        "problem.yaml", "name: Sum\n",
        "data/secret/1.in", "1 2\n", "data/secret/1.ans", "3\n",
        "submissions/accepted/Different.java", JAVA_SUM.formatted("judge.sums", "Different")));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);
    var r = grader.grade(spec, pkg, Map.of("Adder.java",
        JAVA_SUM.formatted("student", "Adder").getBytes(StandardCharsets.UTF_8)), TestFlavours.small(),
        "problem-test", progress -> { });
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
    assertTrue(r.compileOutput().contains("main class student.Adder"), r.compileOutput());
  }

  @Test
  void twoJavaMainsThatNoRulePicksAreACompileError() throws Exception {
    byte[] pkg = TestArchives.zip(Map.of("problem.yaml", "name: Sum\n", ".timelimit", "2\n",
        "data/secret/1.in", "1 2\n", "data/secret/1.ans", "3\n"));
    var spec = new ProblemSpec(ContentHash.sha256(pkg), "Sum", 1);
    var r = grader.grade(spec, pkg, Map.of(
        "A.java", JAVA_SUM.formatted("p", "A").getBytes(StandardCharsets.UTF_8),
        "B.java", JAVA_SUM.formatted("p", "B").getBytes(StandardCharsets.UTF_8)), TestFlavours.small(),
        "problem-test", progress -> { });
    assertEquals(Verdict.COMPILE_ERROR, r.verdict(), r.toString());
    assertTrue(r.compileOutput().contains("several classes declare main (p.A, p.B)"), r.compileOutput());
  }
}
