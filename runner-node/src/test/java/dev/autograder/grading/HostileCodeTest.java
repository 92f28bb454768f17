package dev.autograder.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.autograder.flavour.Flavour;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.TestFlavours;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Student code that tries to break the sandbox, the runner or the grading: each case gets its
 * verdict, the same grader then still grades a correct submission right, and nothing is left in
 * the engine.
 */
class HostileCodeTest {
  private static final String NODE = "hostile-test-" + UUID.randomUUID();
  private static DockerSandbox sandbox;
  private static IoGrader grader;
  private static final ValidatorCache checkers = new ValidatorCache(4);
  private final Flavour flavour = TestFlavours.small();

  @BeforeAll
  static void connect() {
    sandbox = TestFlavours.engine(NODE);
    grader = new IoGrader(sandbox, checkers);
  }

  @AfterEach
  void theNextSubmissionIsStillGradedCorrectly() {
    var r = grade(Language.PYTHON, "print(f'Hello, {input()}!')\n", "Ada\n", "Hello, Ada!\n", 3000);
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @AfterAll
  static void nothingIsLeftBehind() {
    checkers.close();
    if (sandbox == null) {
      return;
    }
    DockerClient docker = sandbox.engine();
    assertEquals(0, docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("autograder.node", NODE)).exec().size(), "containers left behind");
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("autograder.node=" + NODE)).exec();
    assertTrue(volumes.getVolumes() == null || volumes.getVolumes().isEmpty(), "volumes left behind");
  }

  private GradingResult grade(Language language, String source, String stdin, String expected, long limitMillis) {
    String file = language == Language.PYTHON ? "main.py" : "main.c";
    var test = new IoTest("case", stdin, List.of(), Map.of(), expected, Comparison.EXACT, 0, 0, 1, limitMillis,
        Visibility.VISIBLE);
    return grader.grade(new IoSpec(language, null, List.of(test), null),
        Map.of(file, source.getBytes(StandardCharsets.UTF_8)), flavour, "hostile", progress -> { });
  }

  private GradingResult python(String source, String expected) {
    return grade(Language.PYTHON, source, "", expected, 3000);
  }

  private GradingResult c(String source) {
    return grade(Language.C, source, "", "never", 2000);
  }

  @Test
  void aForkBombIsContainedByThePidsLimit() {
    var r = c("#include <unistd.h>\nint main(void) { for (;;) fork(); }\n");
    assertEquals(Verdict.TIME_LIMIT, r.verdict(), r.toString());
  }

  @Test
  void aMemoryBombIsAMemoryLimit() {
    var r = c("#include <stdlib.h>\n#include <string.h>\n"
        + "int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 7, 1 << 20); } }\n");
    assertEquals(Verdict.MEMORY_LIMIT, r.verdict(), r.toString());
  }

  @Test
  void anEndlessLoopAndALongSleepAreTimeLimits() {
    assertEquals(Verdict.TIME_LIMIT, c("int main(void) { volatile long i = 0; for (;;) i++; }\n").verdict());
    long start = System.nanoTime();
    assertEquals(Verdict.TIME_LIMIT, c("#include <unistd.h>\nint main(void) { sleep(600); }\n").verdict());
    assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000, "killed at its limit, not after it slept");
  }

  @Test
  void aGigabyteOfStdoutIsAnOutputLimit() {
    var r = c("#include <stdio.h>\n#include <string.h>\nint main(void) { static char b[1 << 20];"
        + " memset(b, 'x', sizeof b); for (int i = 0; i < 1024; i++) fwrite(b, 1, sizeof b, stdout); }\n");
    assertEquals(Verdict.OUTPUT_LIMIT, r.verdict(), r.toString());
  }

  @Test
  void fillingTheWorkDirectoryAndTmpStopsAtTheirSize() {
    var r = python("""
        import os
        def fill(directory):
            total = 0
            try:
                for i in range(10_000):
                    with open(os.path.join(directory, f'fill{i}'), 'wb') as f:
                        f.write(b'x' * 60_000)
                    total += 60_000
            except OSError:
                pass
            return total
        work, tmp = fill('/work'), fill('/tmp')
        print('bounded' if work <= 17 * 2**20 and tmp <= 9 * 2**20 else f'unbounded {work} {tmp}')
        """, "bounded\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void aNetworkConnectionFails() {
    var r = python("""
        import socket
        try:
            socket.create_connection(('10.255.255.1', 80), timeout=2)
            print('connected')
        except OSError:
            print('no network')
        """, "no network\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void theRootFilesystemCannotBeWritten() {
    var r = python("""
        written = []
        for path in ['/etc/passwd', '/usr/bin/python3', '/x', '/autograder']:
            try:
                open(path, 'a').close()
                written.append(path)
            except OSError:
                pass
        print('read-only' if not written else written)
        """, "read-only\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void aBackgroundProcessDoesNotOutliveItsTest() {
    // The next test runs in a fresh PID namespace where the old PID may name another process, so
    // it looks for the command line itself.
    String source = """
        import os, subprocess, sys
        if sys.stdin.read().strip() == 'spawn':
            subprocess.Popen(['sleep', '600'], start_new_session=True)
            print('spawned')
        else:
            alive = []
            for pid in filter(str.isdigit, os.listdir('/proc')):
                try:
                    if open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\\0')[:2] == [b'sleep', b'600']:
                        alive.append(pid)
                except OSError:
                    pass
            print('gone' if not alive else f'still running: {alive}')
        """;
    var spawn = new IoTest("spawn", "spawn\n", List.of(), Map.of(), "spawned\n", Comparison.EXACT, 0, 0, 1, 3000,
        Visibility.VISIBLE);
    var check = new IoTest("check", "check\n", List.of(), Map.of(), "gone\n", Comparison.EXACT, 0, 0, 1, 3000,
        Visibility.VISIBLE);
    var r = grader.grade(new IoSpec(Language.PYTHON, null, List.of(spawn, check), null),
        Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)), flavour, "hostile", progress -> { });
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void binaryAndInvalidUtf8OutputIsJudgedNotFatal() {
    var r = python("import sys\nsys.stdout.buffer.write(bytes(range(256)) + b'\\xff\\xfe\\xc3\\x28')\n", "text\n");
    assertEquals(Verdict.WRONG_ANSWER, r.verdict(), r.toString());
    assertTrue(r.tests().get(0).feedback().length() > 0);
  }

  @Test
  void aHundredThousandFilesAreCreatedAndCleanedUp() {
    var r = python("""
        import os
        os.mkdir('/work/many')
        for i in range(100_000):
            open(f'/work/many/{i}', 'w').close()
        print(len(os.listdir('/work/many')))
        """, "100000\n");
    assertTrue(r.verdict() == Verdict.ACCEPTED || r.verdict() == Verdict.TIME_LIMIT, r.toString());
  }

  @Test
  void expectedOutputsAndOtherTestsInputsAreNowhereInTheSandbox() {
    String source = """
        import os, sys
        # Built here so that this source file itself does not hold them.
        secrets = [b'EXPECTED-' + b'7f3a9c', b'HIDDEN-INPUT-' + b'51d2']
        found = []
        for top in ['/work', '/tmp', '/home', '/root', '/etc', '/var', '/opt', '/srv', '/mnt']:
            for root, dirs, files in os.walk(top):
                for name in files:
                    try:
                        data = open(os.path.join(root, name), 'rb').read()
                    except OSError:
                        continue
                    if any(s in data for s in secrets):
                        found.append(os.path.join(root, name))
        print('clean' if not found else found)
        """;
    var probe = new IoTest("probe", "visible input", List.of(), Map.of(), "clean\n", Comparison.EXACT, 0, 0, 1, 8000,
        Visibility.VISIBLE);
    var hidden = new IoTest("hidden", "HIDDEN-INPUT-51d2", List.of(), Map.of(), "EXPECTED-7f3a9c\n", Comparison.EXACT,
        0, 0, 1, 8000, Visibility.HIDDEN);
    var r = grader.grade(new IoSpec(Language.PYTHON, null, List.of(probe, hidden), null),
        Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)), flavour, "hostile", progress -> { });
    assertEquals(Verdict.ACCEPTED, r.tests().get(0).verdict(), r.toString());
  }
}
