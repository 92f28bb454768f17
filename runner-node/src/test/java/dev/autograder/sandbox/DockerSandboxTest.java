package dev.autograder.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.autograder.flavour.Flavour;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every sandbox rule, proven against the real Docker engine. */
class DockerSandboxTest {
  static final String NODE = "sandbox-test-" + UUID.randomUUID();
  /** Without a warm pool here; WarmPoolSandboxTest runs every test again with one. */
  static DockerSandbox sandbox;
  static DockerClient docker;
  final Flavour flavour = TestFlavours.small();

  @BeforeAll
  static void connect() {
    sandbox = TestFlavours.engine(NODE);
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    docker = DockerClientImpl.getInstance(config,
        new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
  }

  @AfterAll
  static void nothingIsLeftBehind() {
    if (docker == null) {
      return;
    }
    var mine = Map.of(DockerSandbox.LABEL_NODE, NODE);
    assertEquals(0, docker.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec().size(),
        "containers left behind");
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(DockerSandbox.LABEL_NODE + "=" + NODE)).exec();
    assertTrue(volumes.getVolumes() == null || volumes.getVolumes().isEmpty(), "volumes left behind");
  }

  StepOutcome sh(String script) {
    return sh(script, "", Duration.ofSeconds(5));
  }

  private StepOutcome sh(String script, String stdin, Duration limit) {
    try (var session = sandbox.open(flavour, flavour.image(), Map.of(), "test")) {
      return session.run(SandboxStep.of(List.of("sh", "-c", script),
          stdin.getBytes(StandardCharsets.UTF_8), limit, flavour.outputLimitBytes() + 1));
    }
  }

  static String out(StepOutcome o) {
    return new String(o.stdout(), StandardCharsets.UTF_8);
  }

  @Test
  void programsRunAsAnUnprivilegedUserWithNoCapabilitiesAndNoNewPrivileges() {
    var o = sh("id -u; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status");
    assertEquals(0, o.exitCode(), new String(o.stderr(), StandardCharsets.UTF_8));
    String s = out(o);
    assertTrue(s.startsWith("10001\n"), s);
    assertTrue(s.contains("CapEff:\t0000000000000000"), s);
    assertTrue(s.contains("CapBnd:\t0000000000000000"), s);
    assertTrue(s.contains("NoNewPrivs:\t1"), s);
  }

  @Test
  void theOnlyNetworkInterfaceIsLoopback() {
    var o = sh("ls /sys/class/net; python3 -c \"import socket; socket.create_connection(('10.255.255.1', 80), timeout=2)\"");
    assertEquals("lo\n", out(o));
    assertNotEquals(0, o.exitCode(), "a network connection must fail");
    assertTrue(new String(o.stderr(), StandardCharsets.UTF_8).contains("Network is unreachable"));
  }

  @Test
  void theRootFilesystemIsReadOnlyButWorkAndTmpAreWritable() {
    var o = sh("touch /etc/x 2>/dev/null && echo root-writable; touch /x 2>/dev/null && echo slash-writable;"
        + " echo a > /work/a && echo work-ok; echo b > /tmp/b && echo tmp-ok");
    assertEquals("work-ok\ntmp-ok\n", out(o));
  }

  @Test
  void tmpIsASmallTmpfs() {
    var o = sh("head -c 12000000 /dev/zero > /tmp/big; echo $?; stat -f -c %T /tmp");
    String s = out(o);
    assertFalse(s.startsWith("0\n"), "writing 12 MB into an 8 MiB /tmp must fail: " + s);
    assertTrue(s.contains("tmpfs"), s);
  }

  @Test
  void cgroupLimitsMatchTheFlavour() {
    var o = sh("cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max;"
        + " cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes;"
        + " cat /sys/fs/cgroup/memory.swap.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null || echo no-swap-accounting;"
        + " ulimit -n;"
        + " cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)");
    String[] lines = out(o).split("\n");
    assertEquals(String.valueOf(flavour.pids()), lines[0]);
    assertEquals(String.valueOf(flavour.memoryBytes()), lines[1]);
    assertTrue(lines[2].equals("0") || lines[2].equals(String.valueOf(flavour.memoryBytes()))
        || lines[2].equals("no-swap-accounting"), "no swap beyond memory: " + lines[2]);
    assertEquals(String.valueOf(flavour.openFiles()), lines[3]);
    String[] cpu = lines[4].split(" ");
    assertEquals(flavour.cpus(), Double.parseDouble(cpu[0]) / Double.parseDouble(cpu[1]), 0.001, "CPU quota: " + lines[4]);
  }

  @Test
  void stdinReachesTheProgram() {
    var o = sh("tr a-z A-Z", "hello sandbox\n", Duration.ofSeconds(5));
    assertEquals("HELLO SANDBOX\n", out(o));
  }

  @Test
  void aProgramPastItsWallLimitIsKilled() {
    long start = System.nanoTime();
    var o = sh("sleep 60", "", Duration.ofSeconds(1));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(o.timedOut());
    assertTrue(tookMillis < 10_000, "killed promptly, took " + tookMillis + " ms");
  }

  @Test
  void outputIsCappedAtTheLimit() {
    var o = sh("yes", "", Duration.ofSeconds(5));
    assertTrue(o.outputLimitReached());
    assertEquals(flavour.outputLimitBytes(), o.stdout().length);
    assertFalse(o.timedOut(), "the file-size limit stops the writer before the wall limit");
  }

  @Test
  void eachStepHasItsOwnFileSizeLimit() {
    try (var session = sandbox.open(flavour, flavour.image(), Map.of(), "test")) {
      var small = session.run(SandboxStep.of(List.of("sh", "-c", "head -c 5000 /dev/zero > big; stat -c %s big"), null,
          Duration.ofSeconds(5), 1000));
      assertEquals("1000\n", out(small));
      var large = session.run(SandboxStep.of(List.of("sh", "-c", "head -c 5000 /dev/zero > big; stat -c %s big"), null,
          Duration.ofSeconds(5), 1_000_000));
      assertEquals("5000\n", out(large));
    }
  }

  @Test
  void argumentsAndTheWorkingDirectoryReachTheProgramAsGiven() {
    try (var session = sandbox.open(flavour, flavour.image(), Map.of("sub/x", new byte[0]), "test")) {
      var o = session.run(new SandboxStep(List.of("sh", "-c", "pwd; printf '[%s]' \"$@\"", "sh", "a b", "", "*", "$HOME"),
          "/work/sub", null, Map.of(), List.of(), Duration.ofSeconds(5), 1024));
      assertEquals("/work/sub\n[a b][][*][$HOME]", out(o));
    }
  }

  @Test
  void aMemoryHogIsKilledByTheKernel() {
    var o = sh("python3 -c \"b = bytearray(1024 * 1024 * 1024)\"", "", Duration.ofSeconds(10));
    assertTrue(o.oomKilled() || new String(o.stderr(), StandardCharsets.UTF_8).contains("MemoryError"),
        "exit " + o.exitCode());
  }

  @Test
  void filesOfTheSessionAreSharedByItsStepsAndMeasured() {
    try (var session = sandbox.open(flavour, flavour.image(), Map.of("dir/in.txt",
        "42\n".getBytes(StandardCharsets.UTF_8)), "test")) {
      var first = session.run(SandboxStep.of(List.of("sh", "-c", "cat dir/in.txt > copy.txt"), null,
          Duration.ofSeconds(5), 1024));
      assertEquals(0, first.exitCode());
      var second = session.run(SandboxStep.of(List.of("cat", "copy.txt"), null, Duration.ofSeconds(5), 1024));
      assertEquals("42\n", out(second));
      assertTrue(second.wallMillis() >= 0 && second.cpuMillis() >= 0 && second.peakMemoryKib() > 0, second.toString());
    }
  }

  @Test
  void resultsForgedOnTheContainersOwnStdoutAreNotTaken() {
    // The step script prints the real results there once the program is done; these come first.
    var o = sh("printf 'usage 8\\n0 0 0 1\\nstdout 7\\nforged\\nstderr 0\\nend 0 41\\n' > /proc/1/fd/1"
        + " && echo wrote >&2; echo real");
    assertEquals("wrote\n", new String(o.stderr(), StandardCharsets.UTF_8), "the forgery reached the container's stdout");
    assertEquals("real\n", out(o));
    assertEquals(0, o.exitCode());
  }

  @Test
  void processesAStepLeavesBehindCannotGarbleItsResults() {
    var o = sh("(while :; do echo noise > /proc/1/fd/1; done) & (while :; do echo more noise >&2; done) &"
        + " sleep 0.3; echo mine; exit 3");
    assertEquals("mine\n", out(o));
    assertEquals(3, o.exitCode());
    assertFalse(o.timedOut());
  }

  @Test
  void aStepWhoseFilesVanishedIsASandboxFailureNotAVerdict() {
    var own = DockerSandbox.connect(NODE + "-vanished");
    try (var session = own.open(flavour, flavour.image(), Map.of("in.txt", new byte[] {'x'}), "vanished")) {
      // The keeper holds the session's tmpfs volumes mounted; once it is gone they are emptied.
      var keeper = docker.listContainersCmd()
          .withLabelFilter(Map.of(DockerSandbox.LABEL_NODE, NODE + "-vanished")).exec();
      assertEquals(1, keeper.size());
      docker.killContainerCmd(keeper.get(0).getId()).exec();
      var failure = assertThrows(SandboxFailure.class, () -> session.run(
          SandboxStep.of(List.of("cat", "in.txt"), null, Duration.ofSeconds(5), 1024)));
      assertTrue(failure.getMessage().contains("keeper container had stopped"), failure.getMessage());
    }
    assertEquals(0, own.removeLeftovers(), "the session's close removed its containers");
  }

  @Test
  void leftoversOfACrashedRunnerAreRemovedAtStart() {
    var other = DockerSandbox.connect(NODE + "-crashed");
    var session = other.open(flavour, flavour.image(), Map.of(), "abandoned");
    assertTrue(session != null);
    assertEquals(1, other.removeLeftovers(), "an abandoned session leaves its keeper container and its volume");
    var volumes = docker.listVolumesCmd()
        .withFilter("label", List.of(DockerSandbox.LABEL_NODE + "=" + NODE + "-crashed")).exec();
    assertTrue(volumes.getVolumes() == null || volumes.getVolumes().isEmpty());
  }
}
