package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.Comparison;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.IoSpec;
import dev.autograder.grading.IoTest;
import dev.autograder.grading.Language;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
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
 * verdict, the same grader then still grades a correct submission right, and nothing is left in the
 * engine.
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
  static void nothingIsLeftBehind() throws InterruptedException {
    checkers.close();
    if (sandbox != null) {
      TestFlavours.assertNothingLeftBy(sandbox.engine(), NODE);
    }
  }

  private GradingResult grade(
      Language language, String source, String stdin, String expected, long limitMillis) {
    String file = language == Language.PYTHON ? "main.py" : "main.c";
    var test =
        new IoTest(
            "case",
            stdin,
            List.of(),
            Map.of(),
            expected,
            Comparison.EXACT,
            0,
            0,
            1,
            limitMillis,
            Visibility.VISIBLE);
    return grader.grade(
        new IoSpec(language, null, List.of(test), null),
        Map.of(file, source.getBytes(StandardCharsets.UTF_8)),
        flavour,
        "hostile",
        progress -> {});
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
    var r =
        c(
            "#include <stdlib.h>\n#include <string.h>\n"
                + "int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 7, 1 << 20); } }\n");
    assertEquals(Verdict.MEMORY_LIMIT, r.verdict(), r.toString());
  }

  @Test
  void anEndlessLoopAndALongSleepAreTimeLimits() {
    assertEquals(
        Verdict.TIME_LIMIT, c("int main(void) { volatile long i = 0; for (;;) i++; }\n").verdict());
    long start = System.nanoTime();
    assertEquals(
        Verdict.TIME_LIMIT, c("#include <unistd.h>\nint main(void) { sleep(600); }\n").verdict());
    assertTrue(
        (System.nanoTime() - start) / 1_000_000 < 10_000,
        "killed at its limit, not after it slept");
  }

  @Test
  void aGigabyteOfStdoutIsAnOutputLimit() {
    var r =
        c(
            "#include <stdio.h>\n#include <string.h>\nint main(void) { static char b[1 << 20];"
                + " memset(b, 'x', sizeof b); for (int i = 0; i < 1024; i++) fwrite(b, 1, sizeof b, stdout); }\n");
    assertEquals(Verdict.OUTPUT_LIMIT, r.verdict(), r.toString());
  }

  @Test
  void fillingTheWorkDirectoryAndTmpStopsAtTheirSize() {
    var r =
        python(
            """
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
        work, tmp = fill('.'), fill('/tmp')
        print('bounded' if work <= 17 * 2**20 and tmp <= 9 * 2**20 else f'unbounded {work} {tmp}')
        """,
            "bounded\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void aNetworkConnectionFails() {
    var r =
        python(
            """
        import socket
        try:
            socket.create_connection(('10.255.255.1', 80), timeout=2)
            print('connected')
        except OSError:
            print('no network')
        """,
            "no network\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void theRootFilesystemCannotBeWritten() {
    var r =
        python(
            """
        written = []
        for path in ['/etc/passwd', '/usr/bin/python3', '/x', '/autograder']:
            try:
                open(path, 'a').close()
                written.append(path)
            except OSError:
                pass
        print('read-only' if not written else written)
        """,
            "read-only\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void aBackgroundProcessDoesNotOutliveItsTest() {
    // The next test runs in a fresh PID namespace where the old PID may name another process, so
    // it looks for the command line itself.
    String source =
        """
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
    var spawn =
        new IoTest(
            "spawn",
            "spawn\n",
            List.of(),
            Map.of(),
            "spawned\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.VISIBLE);
    var check =
        new IoTest(
            "check",
            "check\n",
            List.of(),
            Map.of(),
            "gone\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.VISIBLE);
    var r =
        grader.grade(
            new IoSpec(Language.PYTHON, null, List.of(spawn, check), null),
            Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)),
            flavour,
            "hostile",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void binaryAndInvalidUtf8OutputIsJudgedNotFatal() {
    var r =
        python(
            "import sys\nsys.stdout.buffer.write(bytes(range(256)) + b'\\xff\\xfe\\xc3\\x28')\n",
            "text\n");
    assertEquals(Verdict.WRONG_ANSWER, r.verdict(), r.toString());
    assertTrue(r.tests().get(0).feedback().length() > 0);
  }

  @Test
  void fourHundredThousandEmptyFilesStopAtTheInodeLimit() {
    var r =
        python(
            """
        import os
        for i in range(400_000):
            open(f'f{i}', 'w').close()
        print('all made')
        """,
            "all made\n");
    assertEquals(Verdict.RUNTIME_ERROR, r.verdict(), r.toString());
    assertTrue(
        r.tests().get(0).feedback().contains("No space left on device"),
        r.tests().get(0).feedback());
  }

  @Test
  void aCrashAfterTheRightAnswerIsARuntimeError() {
    // Once, a crash like this one rewrote its own exit status through a file the grader read.
    var r =
        grade(
            Language.C,
            """
        #include <stdio.h>
        #include <stdlib.h>
        int main(void) {
          puts("42");
          fflush(stdout);
          FILE *f = fopen("status", "w");
          if (f) { fputs("a[$(echo 0 > /tmp/x)]", f); fclose(f); }
          setenv("EXIT", "0", 1);
          volatile int *p = NULL;
          return *p;
        }
        """,
            "",
            "42\n",
            2000);
    assertEquals(Verdict.RUNTIME_ERROR, r.verdict(), r.toString());
    assertTrue(r.tests().get(0).feedback().contains("signal 11"), r.tests().get(0).feedback());
  }

  @Test
  void timeIsMeasuredOutsideTheProgramsReach() {
    // Once, a program like this one replaced the file its measurements were read from.
    var r =
        grade(
            Language.C,
            """
        #include <stdio.h>
        #include <time.h>
        int main(void) {
          const char *paths[] = {"usage", "/work/.grading/usage", "/tmp/usage", "/work/usage"};
          for (int i = 0; i < 4; i++) { FILE *f = fopen(paths[i], "w"); if (f) { fputs("0.01 0.01 0.00 1000\\n", f); fclose(f); } }
          clock_t start = clock();
          while (clock() - start < 3 * CLOCKS_PER_SEC) { }
          puts("42");
        }
        """,
            "",
            "42\n",
            1000);
    assertEquals(Verdict.TIME_LIMIT, r.verdict(), r.toString());
    assertTrue(r.tests().get(0).wallMillis() >= 1000, r.toString());
  }

  @Test
  void killingItsParentOrEveryProcessItCanTouchesOnlyTheProgramItself() {
    // Once, killing its parent (the measuring process) made a program's run an INFRA_ERROR.
    var parent =
        python(
            "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('after')\n",
            "after\n");
    assertEquals(Verdict.RUNTIME_ERROR, parent.verdict(), parent.toString());
    assertTrue(parent.tests().get(0).feedback().contains("PermissionError"), parent.toString());
    // kill(-1) reaches every process of the caller's uid but the caller: there are none.
    var everyone =
        python("import os, signal\nos.kill(-1, signal.SIGKILL)\nprint('after')\n", "after\n");
    assertEquals(Verdict.ACCEPTED, everyone.verdict(), everyone.toString());
    var itself =
        python(
            "import os, signal\nprint('before', flush=True)\nos.kill(0, signal.SIGKILL)\n",
            "before\n");
    assertEquals(Verdict.RUNTIME_ERROR, itself.verdict(), itself.toString());
    assertTrue(itself.tests().get(0).feedback().contains("signal 9"), itself.toString());
  }

  @Test
  void floodingTheContainersOwnStdoutIsRefused() {
    var r =
        python(
            """
        try:
            with open('/proc/1/fd/1', 'wb') as f:
                f.write(b'\\0' * 10_000_000)
            print('flooded')
        except OSError:
            print('refused')
        """,
            "refused\n");
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void aSubmittedModuleCannotStandInForThePythonSyntaxCheck() {
    var r =
        grader.grade(
            new IoSpec(
                Language.PYTHON,
                "main.py",
                List.of(
                    new IoTest(
                        "case",
                        "",
                        List.of(),
                        Map.of(),
                        "ok\n",
                        Comparison.EXACT,
                        0,
                        0,
                        1,
                        3000,
                        Visibility.VISIBLE)),
                null),
            Map.of(
                "main.py",
                "print('ok'\n".getBytes(StandardCharsets.UTF_8),
                "py_compile.py",
                "import sys\nsys.exit(0)\n".getBytes(StandardCharsets.UTF_8)),
            flavour,
            "hostile",
            progress -> {});
    assertEquals(Verdict.COMPILE_ERROR, r.verdict(), r.toString());
  }

  @Test
  void whatAHiddenTestGaveIsGoneBeforeTheNextTest() {
    String source =
        """
        import os, sys
        data = sys.stdin.read()
        if data.startswith('HIDDEN'):
            for place in ['/tmp/keep', '/dev/shm/keep', 'keep', os.path.expanduser('~/keep2')]:
                try:
                    open(place, 'w').write(data + open('given.txt').read())
                except OSError:
                    pass
            print('hidden answer')
        else:
            for place in ['/tmp/keep', '/dev/shm/keep', 'keep', '/work/run/keep', '/work/keep']:
                try:
                    sys.stderr.write(open(place).read())
                except OSError:
                    pass
            sys.exit(1)
        """;
    var hidden =
        new IoTest(
            "hidden",
            "HIDDEN-INPUT-9c1e",
            List.of(),
            Map.of("given.txt", "HIDDEN-FILE-77ab"),
            "hidden answer\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.HIDDEN);
    var visible =
        new IoTest(
            "visible",
            "visible",
            List.of(),
            Map.of(),
            "x\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.VISIBLE);
    var r =
        grader.grade(
            new IoSpec(Language.PYTHON, null, List.of(hidden, visible), null),
            Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)),
            flavour,
            "hostile",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, r.tests().get(0).verdict(), r.toString());
    String feedback = r.tests().get(1).feedback();
    assertEquals(Verdict.RUNTIME_ERROR, r.tests().get(1).verdict(), r.toString());
    assertFalse(
        feedback.contains("HIDDEN"), "the visible test read the hidden one's data: " + feedback);
  }

  @Test
  void sharedMemoryDoesNotCarryOverBetweenTests() {
    String source =
        """
        import os, sys
        if sys.stdin.read().strip() == 'write':
            open('/dev/shm/note', 'w').write('left')
            print('written')
        else:
            print('gone' if not os.path.exists('/dev/shm/note') else 'still there')
        """;
    var write =
        new IoTest(
            "write",
            "write",
            List.of(),
            Map.of(),
            "written\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.VISIBLE);
    var read =
        new IoTest(
            "read",
            "read",
            List.of(),
            Map.of(),
            "gone\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.VISIBLE);
    var r =
        grader.grade(
            new IoSpec(Language.PYTHON, null, List.of(write, read), null),
            Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)),
            flavour,
            "hostile",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void aSymlinkPlantedForTheNextTestLeadsNowhere() {
    String source =
        """
        import os, sys
        if sys.stdin.read().strip() == 'plant':
            for link in ['/tmp/link', 'link']:
                try:
                    os.symlink('/work/build/main.py', link)
                except OSError:
                    pass
            print('planted')
        else:
            print('gone' if not os.path.lexists('/tmp/link') and not os.path.lexists('link') else 'kept')
        """;
    var plant =
        new IoTest(
            "plant",
            "plant",
            List.of(),
            Map.of(),
            "planted\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.VISIBLE);
    var look =
        new IoTest(
            "look",
            "look",
            List.of(),
            Map.of(),
            "gone\n",
            Comparison.EXACT,
            0,
            0,
            1,
            3000,
            Visibility.VISIBLE);
    var r =
        grader.grade(
            new IoSpec(Language.PYTHON, null, List.of(plant, look), null),
            Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)),
            flavour,
            "hostile",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, r.verdict(), r.toString());
  }

  @Test
  void expectedOutputsAndOtherTestsInputsAreNowhereInTheSandbox() {
    String source =
        """
        import os, sys
        # Built at run time so that neither this source nor its compiled form holds them.
        secrets = [''.join(parts).encode() for parts in (['EXPECTED-', '7f3a9c'], ['HIDDEN-INPUT-', '51d2'])]
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
    var probe =
        new IoTest(
            "probe",
            "visible input",
            List.of(),
            Map.of(),
            "clean\n",
            Comparison.EXACT,
            0,
            0,
            1,
            8000,
            Visibility.VISIBLE);
    var hidden =
        new IoTest(
            "hidden",
            "HIDDEN-INPUT-51d2",
            List.of(),
            Map.of(),
            "EXPECTED-7f3a9c\n",
            Comparison.EXACT,
            0,
            0,
            1,
            8000,
            Visibility.HIDDEN);
    var r =
        grader.grade(
            new IoSpec(Language.PYTHON, null, List.of(probe, hidden), null),
            Map.of("main.py", source.getBytes(StandardCharsets.UTF_8)),
            flavour,
            "hostile",
            progress -> {});
    assertEquals(Verdict.ACCEPTED, r.tests().get(0).verdict(), r.toString());
  }
}
