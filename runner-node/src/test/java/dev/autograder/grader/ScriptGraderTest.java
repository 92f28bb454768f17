package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ContentHash;
import dev.autograder.flavour.Flavour;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ResultBudget;
import dev.autograder.grading.ScriptSpec;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.SubmissionMetadata;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.TestFlavours;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
  private static final String RUN_AUTOGRADER =
      """
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

  private GradingResult grade(String runAutograder, String setup, String solution, Flavour on)
      throws IOException {
    byte[] archive =
        TestArchives.zip(new TreeMap<>(Map.of("run_autograder", runAutograder, "setup.sh", setup)));
    var spec = new ScriptSpec(ContentHash.sha256(archive), 10, 20_000);
    return grader.grade(
        spec,
        archive,
        Map.of("solution.py", solution.getBytes(StandardCharsets.UTF_8)),
        on,
        "script-test");
  }

  @Test
  void setupRunsOnTheNetworkTheFlavourGivesIt() throws IOException {
    String setup = "ls /sys/class/net | tr '\\n' ' ' > /autograder/source/interfaces\n";
    String report =
        """
        #!/usr/bin/env bash
        echo "{\\"score\\": 0, \\"output\\": \\"$(cat /autograder/source/interfaces)\\"}" > /autograder/results/results.json
        """;
    var none = grade(report, setup, "", TestFlavours.small("setup-network = NONE"));
    assertEquals("lo ", none.output(), none.toString());
    var host = grade(report, setup, "", TestFlavours.small("setup-network = HOST"));
    assertTrue(
        host.output().contains("lo ") && !host.output().equals("lo "),
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
    var r =
        grade(
            """
        import subprocess
        forged = '{"score": 10, "output": "forged"}'
        subprocess.Popen(['sh', '-c', 'sleep 1; echo \\'' + forged + '\\' > /autograder/results/results.json'],
                         start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print('wrong')
        """);
    assertEquals(0, r.score(), r.toString());
  }

  @Test
  void theHarnessReadsTheSubmissionMetadataGradescopeDocuments() throws IOException {
    String read =
        """
        #!/usr/bin/env python3
        import json
        m = json.load(open('/autograder/submission_metadata.json'))
        a, u, p = m['assignment'], m['users'][0], m['previous_submissions']
        out = '|'.join(str(x) for x in [m['id'], m['created_at'], a['id'], a['title'], a['due_date'],
                                        a['total_points'], u['id'], u['name'], len(p), p[0]['score']])
        json.dump({'score': 0, 'output': out}, open('/autograder/results/results.json', 'w'))
        """;
    byte[] archive =
        TestArchives.zip(new TreeMap<>(Map.of("run_autograder", read, "setup.sh", "true\n")));
    var spec = new ScriptSpec(ContentHash.sha256(archive), 10, 20_000);
    Instant received = Instant.parse("2026-12-01T10:00:00Z");
    GradingJob job =
        new GradingJob(
                "sub-1",
                "hw1",
                "ada",
                "default",
                "spec",
                "files",
                1,
                received,
                JobPriority.INTERACTIVE)
            .withMetadata(
                new SubmissionMetadata(
                    "Homework 1",
                    "cs101",
                    null,
                    Instant.parse("2026-12-24T23:59:00Z"),
                    null,
                    10,
                    "ada",
                    List.of(
                        new SubmissionMetadata.Previous(
                            Instant.parse("2026-11-30T09:00:00Z"), 7.5, false))));
    var r =
        grader.grade(
            spec,
            archive,
            Map.of("solution.py", new byte[0]),
            flavour,
            "script-test",
            GradescopeMetadata.of(job, 10, Instant.now()));
    assertEquals(
        "sub-1|2026-12-01T10:00:00Z|hw1|Homework 1|2026-12-24T23:59:00Z|10.0|ada|ada|1|7.5",
        r.output(),
        r.toString());
  }

  @Test
  void aLargeButLegalResultsJsonIsReadAndCutToTheResultBudgetWithANote() throws IOException {
    // 300 tests of 15,000 characters of output each: about 4.5 MB, under the format's 10 MiB.
    String large =
        """
        #!/usr/bin/env python3
        import json
        tests = [{'name': 't%d' % i, 'score': 1, 'max_score': 1, 'output': 'x' * 15000} for i in range(300)]
        json.dump({'tests': tests}, open('/autograder/results/results.json', 'w'))
        """;
    var r = grade(large, "true\n", "", flavour);
    assertEquals(300, r.tests().size(), r.output());
    assertEquals(300, r.score());
    ResultBudget budget = new ResultBudget(256 * 1024);
    GradingResult bounded = budget.bound(r);
    assertEquals(300, bounded.tests().size());
    assertEquals(300, bounded.score());
    assertTrue(bounded.output().startsWith(budget.note()), bounded.output());
    assertTrue(
        ResultBudget.sizeOf(bounded) <= 256 * 1024, "bounded to " + ResultBudget.sizeOf(bounded));
  }

  /**
   * The image has Debian's package lists, as Gradescope's have: setup.sh finds packages without a
   * network (and reinstalling one the image has works), and installs new ones on the host's
   * network.
   */
  @Test
  void setupShFindsDebianPackagesAndInstallsNewOnesOnTheHostNetwork() throws IOException {
    String report =
        """
        #!/usr/bin/env bash
        echo "{\\"score\\": 0, \\"output\\": \\"$(cat /autograder/source/found)\\"}" > /autograder/results/results.json
        """;
    String offline =
        "apt-get install -y python3 && apt-cache show jq > /dev/null && echo found > /autograder/source/found\n";
    var none = grade(report, offline, "", TestFlavours.small("setup-network = NONE"));
    assertEquals("found", none.output(), none.toString());
    String install = "apt-get install -y jq && jq --version > /autograder/source/found\n";
    var host = grade(report, install, "", TestFlavours.small("setup-network = HOST"));
    assertTrue(host.output().startsWith("jq-"), host.toString());
  }
}
