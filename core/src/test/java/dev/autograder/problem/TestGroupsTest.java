package dev.autograder.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.problem.GroupRules.Aggregation;
import dev.autograder.problem.GroupRules.GraderFlags;
import dev.autograder.problem.GroupRules.ScoreMode;
import dev.autograder.problem.GroupRules.VerdictMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestGroupsTest {

  private static TestZip subtasks() {
    return new TestZip()
        .with("problem.yaml", "type: scoring\n")
        .with(
            "data/testdata.yaml",
            "on_reject: continue\nrange: 0 100\ngrader_flags: ignore_sample\n")
        .with("data/sample/1.in", "s")
        .with("data/sample/1.ans", "s")
        .with(
            "data/secret/group1/testdata.yaml",
            "accept_score: 10\ngrader_flags: min\non_reject: break\n")
        .with("data/secret/group1/a.in", "1")
        .with("data/secret/group1/a.ans", "1")
        .with(
            "data/secret/group2/testdata.yaml",
            "accept_score: 30\noutput_validator_flags: case_sensitive\n")
        .with("data/secret/group2/b.in", "2")
        .with("data/secret/group2/b.ans", "2")
        .with("data/secret/loose.in", "3")
        .with("data/secret/loose.ans", "3");
  }

  private static TestGroup group(TestGroup parent, String name) {
    return parent.items().stream()
        .filter(i -> i instanceof TestGroup g && g.name().equals(name))
        .map(TestGroup.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static String refusal(TestZip zip) {
    return assertThrows(InvalidPackageException.class, zip::parse).getMessage();
  }

  @Test
  void dataIsATreeOfGroupsWithCasesAndSubgroupsInNameOrder() {
    ProblemPackage p = subtasks().parse();
    TestGroup secret = group(p.data(), "secret");
    assertEquals(
        List.of("sample", "secret"),
        p.data().items().stream().map(i -> ((TestGroup) i).name()).toList());
    assertEquals(
        List.of("secret/group1", "secret/group2", "secret/loose"),
        secret.items().stream()
            .map(i -> i instanceof TestGroup g ? g.path() : ((TestCase) i).name())
            .toList());
    assertEquals(
        List.of("sample/1", "secret/group1/a", "secret/group2/b", "secret/loose"),
        p.testCases().stream().map(TestCase::name).toList());
  }

  @Test
  void aGroupInheritsItsParentsKeysAndOverridesThoseItsTestdataYamlGives() {
    ProblemPackage p = subtasks().parse();
    TestGroup secret = group(p.data(), "secret");
    assertEquals(
        false, secret.rules().breakOnReject(), "on_reject: continue comes down from data/");
    assertEquals(100, secret.rules().rangeMax(), "and so does the range");
    TestGroup group1 = group(secret, "group1");
    assertEquals(true, group1.rules().breakOnReject());
    assertEquals(10, group1.rules().acceptScore());
    assertEquals(
        new GraderFlags(VerdictMode.WORST_ERROR, ScoreMode.MIN, false, false),
        group1.rules().graderFlags(),
        "grader_flags is one key: given again, it replaces the parent's whole");
    TestGroup group2 = group(secret, "group2");
    assertEquals(List.of("case_sensitive"), p.validatorFlags(group2));
    assertEquals(List.of(), p.validatorFlags(group1));
    TestCase b =
        p.testCases().stream()
            .filter(t -> t.name().equals("secret/group2/b"))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("case_sensitive"), p.validatorFlags(b));
  }

  @Test
  void graderFlagsFollowTheLastConflictingMode() {
    assertEquals(
        new GraderFlags(VerdictMode.ALWAYS_ACCEPT, ScoreMode.MAX, true, true),
        GraderFlags.parse(
            List.of(
                "first_error",
                "avg",
                "always_accept",
                "accept_if_any_accepted",
                "ignore_sample",
                "max")));
  }

  @Test
  void anUnknownGraderFlagIsRefusedNamingTheFile() {
    String message =
        refusal(subtasks().with("data/secret/group2/testdata.yaml", "grader_flags: sum best\n"));
    assertTrue(
        message.startsWith(
            "data/secret/group2/testdata.yaml: grader_flags: unknown grader flag 'best'"),
        message);
  }

  @Test
  void keysOfTheWrongTypeAreRefusedNamingTheFileAndKey() {
    assertEquals(
        "data/testdata.yaml: on_reject must be 'break' or 'continue', not 'stop'",
        refusal(subtasks().with("data/testdata.yaml", "on_reject: stop\n")));
    assertEquals(
        "data/secret/group1/testdata.yaml: accept_score must be a number",
        refusal(subtasks().with("data/secret/group1/testdata.yaml", "accept_score: ten\n")));
    assertTrue(
        refusal(subtasks().with("data/testdata.yaml", "range: 0\n"))
            .startsWith("data/testdata.yaml: range"));
    assertTrue(
        refusal(subtasks().with("data/testdata.yaml", "range: 10 0\n"))
            .startsWith("data/testdata.yaml: range"));
    assertTrue(
        refusal(subtasks().with("data/testdata.yaml", "- a list\n"))
            .startsWith("data/testdata.yaml: must be a map"));
    assertTrue(
        refusal(subtasks().with("data/testdata.yaml", "grading: custom\n"))
            .contains("custom grader"));
    assertTrue(
        refusal(
                subtasks()
                    .with("data/secret/group2/testdata.yaml", "output_validator_flags: strict\n"))
            .startsWith("output_validator_flags of data/secret/group2"));
  }

  @Test
  void unknownKeysAndAnEmptyFileAreFine() {
    ProblemPackage p =
        subtasks()
            .with("data/secret/group2/testdata.yaml", "hint: think\nfull_feedback: true\n")
            .with("data/secret/group1/testdata.yaml", "")
            .parse();
    assertEquals(
        GroupRules.DEFAULTS.acceptScore(),
        group(group(p.data(), "secret"), "group2").rules().acceptScore());
  }

  @Test
  void rangeTakesInfinities() {
    ProblemPackage p = subtasks().with("data/testdata.yaml", "range: -inf +inf\n").parse();
    assertEquals(Double.NEGATIVE_INFINITY, p.data().rules().rangeMin());
    assertEquals(Double.POSITIVE_INFINITY, p.data().rules().rangeMax());
  }

  @Test
  void a2023ScoringMapIsTheGroupsOwnAndNotInherited() {
    ProblemPackage p =
        subtasks()
            .with("problem.yaml", "problem_format_version: 2023-07\ntype: scoring\n")
            .with("data/secret/testdata.yaml", "scoring:\n  score: 50\n  aggregation: sum\n")
            .without("data/secret/group1/testdata.yaml")
            .with("data/secret/group1/test_group.yaml", "scoring:\n  aggregation: min\n")
            .parse();
    TestGroup secret = group(p.data(), "secret");
    assertEquals(Optional.of(50.0), secret.rules().scoring().orElseThrow().score());
    assertEquals(
        Optional.of(Aggregation.MIN),
        group(secret, "group1").rules().scoring().orElseThrow().aggregation());
    assertEquals(Optional.empty(), group(secret, "group2").rules().scoring());
    assertTrue(
        refusal(subtasks().with("data/secret/testdata.yaml", "scoring:\n  aggregation: max\n"))
            .startsWith("data/secret/testdata.yaml: scoring.aggregation"));
  }

  @Test
  void aCaseAndAGroupOfTheSameNameAreRefused() {
    assertTrue(
        refusal(subtasks().with("data/secret/group1.in", "x").with("data/secret/group1.ans", "x"))
            .contains("both a test case and a test group"));
  }

  @Test
  void aSymlinkedCaseReadsItsTargetsBytes() {
    ProblemPackage p =
        subtasks()
            .withSymlink("data/secret/group2/c.in", "../group1/a.in")
            .withSymlink("data/secret/group2/c.ans", "../../secret/group1/a.ans")
            .under("sums")
            .parse();
    TestCase linked =
        p.testCases().stream()
            .filter(t -> t.name().equals("secret/group2/c"))
            .findFirst()
            .orElseThrow();
    assertEquals("1", new String(linked.input(), StandardCharsets.UTF_8));
    assertEquals("1", new String(linked.answer(), StandardCharsets.UTF_8));
  }

  @Test
  void aSymlinkToASymlinkIsFollowed() {
    ProblemPackage p =
        subtasks()
            .withSymlink("data/secret/c.in", "d.in")
            .withSymlink("data/secret/d.in", "loose.in")
            .with("data/secret/c.ans", "3")
            .with("data/secret/d.ans", "3")
            .parse();
    assertEquals(
        "3",
        new String(
            p.testCases().stream()
                .filter(t -> t.name().equals("secret/c"))
                .findFirst()
                .orElseThrow()
                .input(),
            StandardCharsets.UTF_8));
  }

  @Test
  void aSymlinkedDirectoryIsAGroupWithTheTargetsCases() {
    ProblemPackage p =
        subtasks()
            .withSymlink("data/secret/group3", "group1")
            .withSymlink("data/secret/via.in", "group3/a.in")
            .with("data/secret/via.ans", "1")
            .under("sums")
            .parse();
    assertEquals(
        List.of(
            "sample/1",
            "secret/group1/a",
            "secret/group2/b",
            "secret/group3/a",
            "secret/loose",
            "secret/via"),
        p.testCases().stream().map(TestCase::name).toList());
    TestGroup group3 = group(group(p.data(), "secret"), "group3");
    assertEquals(10, group3.rules().acceptScore(), "its testdata.yaml comes along");
  }

  @Test
  void aSymlinkedDirectoryHoldingItsLinkIsACycle() {
    assertEquals(
        "the symlink data/secret/group1/up points to data/secret, a directory holding the link itself: a cycle",
        refusal(subtasks().withSymlink("data/secret/group1/up", "..")));
  }

  @Test
  void aCycleOfSymlinksIsRefusedNamingTheFiles() {
    String message =
        refusal(
            subtasks()
                .withSymlink("data/secret/c.in", "d.in")
                .withSymlink("data/secret/d.in", "c.in")
                .with("data/secret/c.ans", "3")
                .with("data/secret/d.ans", "3"));
    assertTrue(
        message.contains(
                "is part of a cycle: data/secret/c.in -> data/secret/d.in -> data/secret/c.in")
            || message.contains("data/secret/d.in -> data/secret/c.in -> data/secret/d.in"),
        message);
  }

  @Test
  void aSymlinkLeavingThePackageIsRefused() {
    assertEquals(
        "the symlink data/secret/c.in points to ../../../etc/passwd, outside the package",
        refusal(
            subtasks()
                .withSymlink("data/secret/c.in", "../../../etc/passwd")
                .with("data/secret/c.ans", "3")
                .under("sums")));
    assertEquals(
        "the symlink data/secret/c.in points to /etc/passwd, outside the package",
        refusal(
            subtasks()
                .withSymlink("data/secret/c.in", "/etc/passwd")
                .with("data/secret/c.ans", "3")));
    assertTrue(
        refusal(
                subtasks()
                    .withSymlink("data/secret/c.in", "nothing.in")
                    .with("data/secret/c.ans", "3"))
            .contains("which is not in the package"));
  }
}
