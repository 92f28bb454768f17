package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.testing.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web app in Debian's Chromium, driven by playwright-core (frontend/e2e), against a real
 * scheduler node, runner node and Docker engine: a student submits a correct and a wrong solution
 * and watches the progress bar to both verdicts; an instructor creates an assignment and regrades
 * it to completion, and reads an extension they granted in the course's audit log; a TA reads a
 * student's wrong solution and adjusts its score with a comment, which the student reads once the
 * instructor publishes the grades (the assignment counts the best submission); an operator sees the
 * runner node by name with its health, the queue, the jobs counted and the scheduler's history
 * charted (checked against the API); a TA's password reset makes a student choose their own
 * password first, tokens and accounts are made on their pages; a student practises on the visible
 * tests (marked practice, not in the grade book), then submits (graded on every test, counted).
 * Screenshots of every page go to target/screenshots.
 */
class WebAppBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void studentsInstructorsAndOperatorsDoTheirWorkInARealBrowser() throws Exception {
    RequiredService.require(
        "Debian's Chromium (scripts/ensure-chromium.sh)", () -> Files.isExecutable(CHROMIUM));
    Path e2e = NodeProcess.REPO.resolve("frontend/e2e/run.mjs");
    RequiredService.require(
        "the web app's packages (the frontend module's build runs npm ci)",
        () -> Files.isDirectory(NodeProcess.REPO.resolve("frontend/node_modules/playwright-core")));
    try (TestCluster cluster = new TestCluster("web-app", 1, Map.of())) {
      cluster.startScheduler(0);
      cluster.api(0).awaitUp(Duration.ofSeconds(90), cluster.scheduler(0)::isAlive);
      cluster.startRunner("r1", 2, Map.of());
      Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
      Files.createDirectories(screenshots);
      Path log = Path.of("target", "system-test-logs", "web-app", "e2e.log");
      Files.createDirectories(log.getParent());
      ProcessBuilder run =
          new ProcessBuilder("node", e2e.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      run.environment()
          .putAll(
              Map.of(
                  "BASE_URL",
                  cluster.baseUrl(0),
                  "ADMIN_USERNAME",
                  "admin",
                  "ADMIN_PASSWORD",
                  NodeProcess.ADMIN_PASSWORD,
                  "SCREENSHOT_DIR",
                  screenshots.toString()));
      Process browser = run.start();
      boolean finished = browser.waitFor(10, TimeUnit.MINUTES);
      if (!finished) {
        browser.destroyForcibly();
      }
      String output = Files.readString(log);
      System.out.println(output);
      assertEquals(0, finished ? browser.exitValue() : -1, output);
    }
  }
}
