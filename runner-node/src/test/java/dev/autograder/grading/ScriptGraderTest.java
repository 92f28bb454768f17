package dev.autograder.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ContentHash;
import dev.autograder.flavour.Flavour;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.TestFlavours;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gradescope-style autograders in the sandbox: the harness works in its own writable copy of
 * /autograder as on Gradescope, and what a submission leaves running cannot rewrite the results.
 */
class ScriptGraderTest {
  private static final String NODE = "script-test-" + UUID.randomUUID();
  private static DockerSandbox sandbox;
  private static ScriptGrader grader;
  private final Flavour flavour = TestFlavours.small();

  /**
   * Copies the submission into its source tree and runs it there, as the official samples do, then
   * scores 10 when it printed "right" and 0 otherwise.
   */
  private static final String RUN_AUTOGRADER = """
      #!/usr/bin/env bash
      cp /autograder/submission/solution.py /autograder/source/solution.py || exit 1
      cd /autograder/source
      if [ "$(python3 solution.py)" = right ]; then score=10; else score=0; fi
      echo "{\\"score\\": $score, \\"output\\": \\"graded in $(pwd) as $(id -u)\\"}" > /autograder/results/results.json
      """;

  @BeforeAll
  static void connect() {
    sandbox = TestFlavours.engine(NODE);
    grader = new ScriptGrader(sandbox, new AssignmentImages(sandbox.engine()));
  }

  @AfterAll
  static void nothingIsLeftBehind() throws InterruptedException {
    if (sandbox != null) {
      TestFlavours.assertNothingLeftBy(sandbox.engine(), NODE);
    }
  }

  private GradingResult grade(String solution) throws IOException {
    return grade(RUN_AUTOGRADER, "true\n", solution, flavour);
  }

  private GradingResult grade(String runAutograder, String setup, String solution, Flavour on) throws IOException {
    byte[] archive = TestArchives.zip(new TreeMap<>(Map.of("run_autograder", runAutograder, "setup.sh", setup)));
    var spec = new ScriptSpec(ContentHash.sha256(archive), 10, 20_000);
    return grader.grade(spec, archive, Map.of("solution.py", solution.getBytes(StandardCharsets.UTF_8)), on,
        "script-test");
  }

  @Test
  void setupRunsOnTheNetworkTheFlavourGivesIt() throws IOException {
    String setup = "ls /sys/class/net | tr '\\n' ' ' > /autograder/source/interfaces\n";
    String report = """
        #!/usr/bin/env bash
        echo "{\\"score\\": 0, \\"output\\": \\"$(cat /autograder/source/interfaces)\\"}" > /autograder/results/results.json
        """;
    var none = grade(report, setup, "", TestFlavours.small("setup-network = NONE"));
    assertEquals("lo ", none.output(), none.toString());
    var host = grade(report, setup, "", TestFlavours.small("setup-network = HOST"));
    assertTrue(host.output().contains("lo ") && !host.output().equals("lo "),
        "the host's network has more than loopback: " + host);
  }

  @Test
  void theHarnessWorksInAWritableCopyOfItsSourceTree() throws IOException {
    var r = grade("print('right')\n");
    assertEquals(10, r.score(), r.toString());
    assertTrue(r.output().contains("graded in /autograder/source as 2"), r.output());
  }

  @Test
  void aProcessTheSubmissionLeftBehindCannotRewriteTheResults() throws IOException {
    var r = grade("""
        import subprocess
        forged = '{"score": 10, "output": "forged"}'
        subprocess.Popen(['sh', '-c', 'sleep 1; echo \\'' + forged + '\\' > /autograder/results/results.json'],
                         start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print('wrong')
        """);
    assertEquals(0, r.score(), r.toString());
  }
}
