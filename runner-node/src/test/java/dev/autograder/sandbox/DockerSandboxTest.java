package dev.autograder.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/** Every sandbox rule, proven against the real Docker engine and the real supervisor. */
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
    docker =
        DockerClientImpl.getInstance(
            config,
            new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
  }

  @AfterAll
  static void nothingIsLeftBehind() throws InterruptedException {
    if (docker != null) {
      TestFlavours.assertNothingLeftBy(docker, NODE);
    }
  }

  /** A generous wall limit for steps whose time is not what they test: the machine may be busy. */
  static final Duration AMPLE = Duration.ofSeconds(30);

  static StepOutcome sh(String script) {
    return sh(script, "", AMPLE);
  }

  static StepOutcome sh(String script, String stdin, Duration limit) {
    Flavour flavour = TestFlavours.small();
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      return session.run(step(script, limit).withStdin(stdin.getBytes(StandardCharsets.UTF_8)));
    }
  }

  static SandboxStep step(String script, Duration limit) {
    return SandboxStep.of(List.of("sh", "-c", script), limit, 1 << 20);
  }

  static SandboxStep step(String script) {
    return step(script, AMPLE);
  }

  static String out(StepOutcome o) {
    return new String(o.stdout(), StandardCharsets.UTF_8);
  }

  static String err(StepOutcome o) {
    return new String(o.stderr(), StandardCharsets.UTF_8);
  }

  @Test
  void eachCallToTheEngineIsTimedUnderItsName() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      assertEquals(0, session.run(step("true")).exitCode());
    }
    sandbox.pingMillis();
    Map<String, Long> counts = new java.util.TreeMap<>();
    sandbox.callTimes().forEach(s -> counts.put(s.labels().get("call"), s.count()));
    // A session's container removes itself as it exits; "remove" is timed when a node removes one.
    for (String call : List.of("create", "start", "ping")) {
      assertTrue(counts.getOrDefault(call, 0L) >= 1, call + " was not timed: " + counts);
    }
  }

  @Test
  void aSupervisorBuildThatAKilledNodeLeftIsRemovedByTheNextBuild() {
    String abandoned =
        docker
            .createContainerCmd(flavour.image())
            .withCmd("true")
            .withLabels(Map.of(SupervisorVolume.LABEL, SupervisorVolume.name()))
            .exec()
            .getId();
    SupervisorVolume.ensure(docker, flavour.image());
    assertFalse(
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withIdFilter(List.of(abandoned))
            .exec()
            .isEmpty(),
        "a young build container may be another node's build in progress: it stays");
    SupervisorVolume.ensure(docker, flavour.image(), Duration.ZERO);
    assertTrue(
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withIdFilter(List.of(abandoned))
            .exec()
            .isEmpty(),
        "the abandoned build container is still there");
  }

  @Test
  void eachRunHasAFreshUnprivilegedUidWithNoCapabilitiesAndNoNewPrivileges() {
    // The bounding set keeps the supervisor's few capabilities, but with nothing permitted,
    // inheritable or ambient and no new privileges, no program of the run can ever hold one.
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      String status =
          "id -u; grep -E '^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs)' /proc/self/status";
      var first = session.run(step(status));
      var second = session.run(step(status));
      assertEquals(0, first.exitCode(), err(first));
      String[] a = out(first).split("\n");
      String[] b = out(second).split("\n");
      assertTrue(Integer.parseInt(a[0]) > DockerSandbox.RUN_UID_BASE, out(first));
      assertNotEquals(a[0], b[0], "two runs shared a uid");
      for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapAmb")) {
        assertTrue(out(first).contains(set + ":\t0000000000000000"), out(first));
      }
      assertTrue(out(first).contains("NoNewPrivs:\t1"), out(first));
    }
  }

  @Test
  void theOnlyNetworkInterfaceIsLoopback() {
    var o =
        sh(
            "ls /sys/class/net; python3 -c \"import socket; socket.create_connection(('10.255.255.1', 80), timeout=2)\"");
    assertEquals("lo\n", out(o));
    assertNotEquals(0, o.exitCode(), "a network connection must fail");
    assertTrue(err(o).contains("Network is unreachable"), err(o));
  }

  @Test
  void theRootFilesystemAndTheWorkDirectoryAreReadOnlyButTheRunsDirectoryAndTmpAreWritable() {
    var o =
        sh(
            "touch /etc/x 2>/dev/null && echo root-writable; touch /x 2>/dev/null && echo slash-writable;"
                + " touch /work/x 2>/dev/null && echo work-writable; echo a > a && echo run-ok; echo b > /tmp/b && echo tmp-ok;"
                + " pwd");
    assertEquals("run-ok\ntmp-ok\n" + Sandbox.RUN + "\n", out(o));
  }

  @Test
  void tmpIsASmallTmpfs() {
    var o = sh("head -c 12000000 /dev/zero > /tmp/big; echo $?; stat -f -c %T /tmp");
    String s = out(o);
    assertFalse(s.startsWith("0\n"), "writing 12 MB into an 8 MiB /tmp must fail: " + s);
    assertTrue(s.contains("tmpfs"), s);
  }

  @Test
  void cgroupAndProcessLimitsMatchTheFlavour() {
    var o =
        sh(
            "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max;"
                + " cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes;"
                + " cat /sys/fs/cgroup/memory.swap.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null || echo no-swap-accounting;"
                + " ulimit -n; bash -c 'ulimit -u'; ulimit -c;"
                + " cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)");
    String[] lines = out(o).split("\n");
    assertEquals(String.valueOf(flavour.pids()), lines[0]);
    assertEquals(String.valueOf(flavour.memoryBytes()), lines[1]);
    assertTrue(
        lines[2].equals("0")
            || lines[2].equals(String.valueOf(flavour.memoryBytes()))
            || lines[2].equals("no-swap-accounting"),
        "no swap beyond memory: " + lines[2]);
    assertEquals(String.valueOf(flavour.openFiles()), lines[3]);
    assertEquals(String.valueOf(flavour.pids()), lines[4]);
    assertEquals("0", lines[5], "no core dumps");
    String[] cpu = lines[6].split(" ");
    assertEquals(
        flavour.cpus(),
        Double.parseDouble(cpu[0]) / Double.parseDouble(cpu[1]),
        0.001,
        "CPU quota: " + lines[6]);
  }

  @Test
  void stdinReachesTheProgram() {
    var o = sh("tr a-z A-Z", "hello sandbox\n", AMPLE);
    assertEquals("HELLO SANDBOX\n", out(o));
  }

  @Test
  void aProgramPastItsWallLimitIsStoppedAtIt() {
    long start = System.nanoTime();
    var o = sh("sleep 60", "", Duration.ofMillis(300));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(o.timedOut());
    assertTrue(
        o.wallMillis() >= 300 && o.wallMillis() < 1000,
        "stopped at its limit: " + o.wallMillis() + " ms");
    assertTrue(tookMillis < 5_000, "the whole session took " + tookMillis + " ms");
  }

  @Test
  void aProgramPastItsCpuLimitIsStopped() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var o = session.run(step("while :; do :; done", AMPLE).withCpuLimit(Duration.ofMillis(500)));
      assertTrue(o.cpuLimitReached(), o.toString());
      assertTrue(o.cpuMillis() >= 500, "measured " + o.cpuMillis() + " ms of CPU");
      assertTrue(
          o.wallMillis() < AMPLE.toMillis() / 2,
          "stopped long before its wall limit: " + o.wallMillis());
    }
  }

  @Test
  void outputPastTheCapStopsTheRun() {
    var o = sh("yes", "", AMPLE);
    assertTrue(o.outputLimitReached());
    assertEquals(flavour.outputLimitBytes(), o.stdout().length);
    assertFalse(o.timedOut(), "the cap stops the writer, not the wall limit");
  }

  @Test
  void binaryOutputComesBackByteForByte() {
    var o = sh("python3 -c \"import sys; sys.stdout.buffer.write(bytes(range(256)) * 3)\"");
    byte[] expected = new byte[768];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) i;
    }
    assertArrayEquals(expected, o.stdout());
  }

  @Test
  void aProgramThatClosesItsStdoutJustPrintsNothing() {
    var o = sh("exec >&-; echo gone; echo still here >&2; exit 0");
    assertEquals("", out(o));
    assertTrue(err(o).contains("still here"), err(o));
    assertEquals(0, o.exitCode());
  }

  @Test
  void eachStepHasItsOwnFileSizeLimit() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      String write = "head -c 5000 /dev/zero > big; stat -c %s big";
      var small =
          session.run(SandboxStep.of(List.of("sh", "-c", write), Duration.ofSeconds(5), 1000));
      assertEquals("1000\n", out(small));
      var large =
          session.run(SandboxStep.of(List.of("sh", "-c", write), Duration.ofSeconds(5), 1_000_000));
      assertEquals("5000\n", out(large));
    }
  }

  @Test
  void argumentsTheWorkingDirectoryAndFilesReachTheProgramAsGiven() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var o =
          session.run(
              new SandboxStep(
                  List.of(
                      "sh",
                      "-c",
                      "pwd; cat in.txt; printf '[%s]' \"$@\"",
                      "sh",
                      "a b",
                      "",
                      "*",
                      "$HOME"),
                  Sandbox.RUN + "/sub",
                  Sandbox.RUN + "/sub",
                  new byte[0],
                  Map.of("in.txt", "given\n".getBytes(StandardCharsets.UTF_8)),
                  List.of(),
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(5),
                  1024,
                  false,
                  java.util.Optional.empty(),
                  0));
      assertEquals(Sandbox.RUN + "/sub\ngiven\n[a b][][*][$HOME]", out(o), err(o));
    }
  }

  @Test
  void aMemoryHogIsKilledByTheKernelAndTheSessionGoesOn() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var hog =
          session.run(
              SandboxStep.of(
                  List.of("python3", "-c", "b = [bytearray(1 << 20) for _ in range(1024)]"),
                  AMPLE,
                  1024));
      assertTrue(hog.oomKilled() || err(hog).contains("MemoryError"), hog.toString() + err(hog));
      assertEquals("alive\n", out(session.run(step("echo alive"))));
    }
  }

  @Test
  void theBuildIsKeptReadOnlyAndEveryRunStartsInAnEmptyDirectory() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var build =
          session.run(
              step("echo built > out.txt; mkdir sub; ln -s /etc/passwd sub/link")
                  .in(Sandbox.BUILD)
                  .withFiles(Map.of("src.txt", new byte[] {'s'}))
                  .kept());
      assertEquals(0, build.exitCode(), err(build));
      var run =
          session.run(
              step(
                  "cat "
                      + Sandbox.BUILD
                      + "/out.txt; ls -A; echo leftover > mine;"
                      + " echo x >> "
                      + Sandbox.BUILD
                      + "/out.txt 2>/dev/null && echo build-writable;"
                      + " touch "
                      + Sandbox.BUILD
                      + "/new 2>/dev/null && echo build-dir-writable;"
                      + " ls "
                      + Sandbox.BUILD
                      + "/sub; stat -c %U "
                      + Sandbox.BUILD
                      + "/out.txt"));
      assertEquals(
          "built\nroot\n",
          out(run),
          "the build is root's, read-only, without the link: " + err(run));
      var next = session.run(step("ls -A"));
      assertEquals("", out(next), "a run's files are gone before the next run");
    }
  }

  @Test
  void aProcessLeftRunningIsKilledBeforeTheNextRun() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var spawn = session.run(step("setsid sleep 600 >/dev/null 2>&1 < /dev/null & id -u"));
      String uid = out(spawn).strip();
      var check =
          session.run(
              step(
                  "for s in /proc/[0-9]*/status; do grep -q \"^Uid:[[:space:]]"
                      + uid
                      + "[[:space:]]\" $s 2>/dev/null && echo $s; done; echo checked"));
      assertEquals("checked\n", out(check), "processes of uid " + uid + " outlived their run");
      assertTrue(
          spawn.wallMillis() < 2000, "the run ended when its program did: " + spawn.wallMillis());
    }
  }

  @Test
  void tmpSharedMemoryAndIpcAreEmptiedBetweenRuns() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var leave =
          session.run(
              step(
                  "echo t > /tmp/left; echo s > /dev/shm/left; ipcmk -M 4096 >/dev/null;"
                      + " ipcmk -Q >/dev/null; ipcmk -S 1 >/dev/null; ls -A /tmp; ls -A /dev/shm; ipcs -m -q -s | grep -c '^0x'"));
      assertEquals("left\nleft\n3\n", out(leave), err(leave));
      var look = session.run(step("ls -A /tmp; ls -A /dev/shm; ipcs -m -q -s | grep -c '^0x'"));
      assertEquals("0\n", out(look), err(look));
    }
  }

  @Test
  void aRunCannotReachAnotherRunsInputsOrTheBuildsSources() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      session.run(
          step("cp secret.txt /tmp/copy 2>/dev/null; cp secret.txt /dev/shm/copy 2>/dev/null;"
                  + " cat > /tmp/stdin-copy")
              .withStdin("STDIN-SECRET".getBytes(StandardCharsets.UTF_8))
              .withFiles(Map.of("secret.txt", "FILE-SECRET".getBytes(StandardCharsets.UTF_8))));
      var probe =
          session.run(
              step(
                  "grep -rl -e FILE-SECRET -e STDIN-SECRET /work /tmp /dev/shm 2>/dev/null;"
                      + " echo searched"));
      assertEquals("searched\n", out(probe));
    }
  }

  @Test
  void aCollectedFileThatIsASymlinkIsNotFollowed() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var o =
          session.run(
              step("ln -s /etc/shadow result.txt; ln -s /etc/hostname other.txt; echo ok > real.txt")
                  .collecting(List.of("result.txt", "other.txt", "real.txt")));
      assertEquals(List.of("real.txt"), List.copyOf(o.collected().keySet()));
      assertEquals("ok\n", new String(o.collected().get("real.txt"), StandardCharsets.UTF_8));
    }
  }

  @Test
  void manyEmptyFilesAreBoundedByTheInodeLimitAndCleanedUpQuickly() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var flood =
          session.run(
              step(
                  "python3 -c \"\nimport os\nn = 0\ntry:\n    for i in range(400_000):\n"
                      + "        open(f'f{i}', 'w').close()\n        n += 1\nexcept OSError as e:\n    print(n, e.errno)\n\"",
                  AMPLE));
      String[] made = out(flood).strip().split(" ");
      assertTrue(
          Integer.parseInt(made[0]) < 400_000,
          "the inode limit stops it: " + out(flood) + err(flood));
      long start = System.nanoTime();
      assertEquals("0\n", out(session.run(step("ls -A | wc -l"))));
      assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "the next run starts at once");
    }
  }

  @Test
  void aForkBombIsContainedAndTheSessionGoesOn() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var bomb =
          session.run(step("bomb() { bomb | bomb & }; bomb; sleep 2", Duration.ofSeconds(3)));
      assertTrue(bomb.wallMillis() < 10_000, bomb.toString());
      assertEquals("alive\n", out(session.run(step("echo alive"))));
    }
  }

  @Test
  void nothingWrittenToTheContainersOwnStdoutReachesTheRunner() {
    var o = sh("{ cat /dev/zero > /proc/1/fd/1; } 2>/dev/null || echo refused >&2; echo fine");
    assertEquals("fine\n", out(o));
    assertEquals("refused\n", err(o));
  }

  @Test
  void aProgramThatKillsItsParentEndsAsItsOwnSignal() {
    var o =
        sh(
            "python3 -c 'import os, signal; os.kill(os.getppid(), signal.SIGKILL)'; echo not-reached");
    assertEquals(128 + 9, o.exitCode(), "the shell died of SIGKILL: " + o);
    assertEquals("", out(o));
  }

  @Test
  void aProgramThatCannotStartIsAnExitOf127WithTheReason() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var o = session.run(SandboxStep.of(List.of("no-such-program"), Duration.ofSeconds(5), 1024));
      assertEquals(127, o.exitCode());
      assertTrue(err(o).contains("no-such-program"), err(o));
    }
  }

  @Test
  void aProgramAndItsPeerTalkThroughEachOthersStdio() {
    String interactor =
        """
        import sys
        secret = int(open('secret').read())
        for guesses in range(1, 20):
            guess = int(input())
            if guess == secret:
                print('correct', flush=True)
                sys.stderr.write(f'found in {guesses}\\n')
                sys.exit(42)
            print('higher' if guess < secret else 'lower', flush=True)
        sys.exit(43)
        """;
    String solution =
        """
        lo, hi = 1, 1000
        while True:
            mid = (lo + hi) // 2
            print(mid, flush=True)
            answer = input()
            if answer == 'correct':
                break
            lo, hi = (mid + 1, hi) if answer == 'higher' else (lo, mid - 1)
        """;
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var o =
          session.run(
              SandboxStep.of(List.of("python3", "solution.py"), AMPLE, 1024)
                  .withFiles(Map.of("solution.py", solution.getBytes(StandardCharsets.UTF_8)))
                  .wiredTo(
                      new SandboxStep.Peer(
                          List.of("python3", "interactor.py"),
                          "/work/peer",
                          Map.of(
                              "interactor.py",
                              interactor.getBytes(StandardCharsets.UTF_8),
                              "secret",
                              "777".getBytes(StandardCharsets.UTF_8)),
                          List.of(),
                          AMPLE)));
      assertEquals(0, o.exitCode(), err(o));
      var peer = o.peer().orElseThrow();
      assertEquals(42, peer.exitCode(), new String(peer.stderr(), StandardCharsets.UTF_8));
      assertTrue(new String(peer.stderr(), StandardCharsets.UTF_8).startsWith("found in "));
    }
  }

  @Test
  void measurementsComeFromTheSupervisor() {
    try (var session = sandbox.open(flavour, flavour.image(), "test")) {
      var o =
          session.run(
              step(
                  "python3 -c 'import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass'"
                      + " ; echo '0.01 0.01 0.00 1000' > /tmp/usage"));
      assertTrue(o.cpuMillis() >= 350 && o.wallMillis() >= 350, o.toString());
      assertTrue(o.peakMemoryKib() > 1000, o.toString());
    }
  }

  @Test
  void aSupervisorThatDiesIsASandboxFailureNotAVerdict() {
    var own = TestFlavours.engine(NODE + "-vanished");
    try (var session = own.open(flavour, flavour.image(), "vanished")) {
      var running =
          docker
              .listContainersCmd()
              .withLabelFilter(Map.of(DockerSandbox.LABEL_NODE, NODE + "-vanished"))
              .exec();
      assertEquals(1, running.size());
      docker.killContainerCmd(running.get(0).getId()).exec();
      var failure = assertThrows(SandboxFailure.class, () -> session.run(step("echo hi")));
      assertTrue(failure.getMessage().contains("supervisor"), failure.getMessage());
    }
  }

  @Test
  void leftoversOfACrashedRunnerAreRemovedAtStart() {
    var other = TestFlavours.engine(NODE + "-crashed");
    var session = other.open(flavour, flavour.image(), "abandoned");
    assertTrue(session != null);
    assertEquals(1, other.removeLeftovers(), "an abandoned session leaves its container");
  }
}
