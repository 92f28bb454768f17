package dev.autograder.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sandbox rule of DockerSandboxTest again with the warm pool on: prepared sessions,
 * containers created before their step and removals in the background give the same limits, and
 * closing the sandbox leaves nothing in the engine (DockerSandboxTest's last check runs after this
 * class's).
 */
class WarmPoolSandboxTest extends DockerSandboxTest {

  @BeforeAll
  static void withAWarmPool() {
    sandbox = TestFlavours.engine(NODE, 2);
    sandbox.warm(TestFlavours.small());
  }

  @AfterAll
  static void closingThePoolRemovesWhatItPrepared() {
    sandbox.close();
  }

  /** Waits until the pool holds its prepared sessions, so that the next open takes one. */
  private void awaitPrepared() throws InterruptedException {
    for (int i = 0; i < 600 && sandbox.preparedSessions(flavour) < 2; i++) {
      Thread.sleep(50);
    }
    assertEquals(2, sandbox.preparedSessions(flavour), "the pool prepares its sessions");
  }

  @Test
  void aPreparedSessionHasTheFlavoursLimits() throws InterruptedException {
    awaitPrepared();
    var o =
        sh(
            "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max;"
                + " cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; ulimit -n;"
                + " grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; ls /sys/class/net; touch /etc/x 2>/dev/null || echo ro");
    assertEquals(
        flavour.pids()
            + "\n"
            + flavour.memoryBytes()
            + "\n"
            + flavour.openFiles()
            + "\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\nlo\nro\n",
        out(o));
  }

  @Test
  void aSecondCloseReturnsOnlyOnceThePreparedSessionsAreGone() throws Exception {
    // A runner's stop and the JVM's shutdown hook both close the sandbox; the process may exit
    // right after either returns.
    var own = TestFlavours.engine(NODE + "-closing", 2);
    own.warm(flavour);
    for (int i = 0; i < 600 && own.preparedSessions(flavour) < 2; i++) {
      Thread.sleep(50);
    }
    assertEquals(2, own.preparedSessions(flavour));
    Thread first = new Thread(own::close);
    first.start();
    Thread.sleep(100); // the first close is removing by now
    own.close();
    assertEquals(
        "",
        String.join(
            ",",
            docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerSandbox.LABEL_NODE, NODE + "-closing"))
                .exec()
                .stream()
                .map(c -> c.getId())
                .toList()),
        "containers left when the second close returned");
    first.join();
  }

  @Test
  void everySessionHasAContainerOfItsOwnAndEveryRunAFreshDirectory() throws InterruptedException {
    Set<String> hosts = new HashSet<>();
    for (int session = 0; session < 3; session++) {
      awaitPrepared();
      Set<String> sessionHosts = new HashSet<>();
      try (var s = sandbox.open(flavour, flavour.image(), "test")) {
        for (int step = 0; step < 3; step++) {
          // A container's hostname is its id.
          var o =
              s.run(
                  SandboxStep.of(
                      List.of("sh", "-c", "hostname; ls -A | wc -l; echo left > step; sleep 30 &"),
                      Duration.ofSeconds(5),
                      1024));
          String[] lines = out(o).split("\n");
          sessionHosts.add(lines[0]);
          assertEquals("0", lines[1].strip(), "files in the run's directory at step " + step);
        }
      }
      assertEquals(1, sessionHosts.size(), "one container per session");
      assertTrue(hosts.addAll(sessionHosts), "a container served two sessions");
    }
    assertEquals(3, hosts.size());
  }
}
