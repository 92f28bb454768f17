package dev.autograder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.SubmissionGrader;
import dev.autograder.grading.Verdict;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import dev.autograder.submission.SubmittedFile;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Sandbox overhead: a C hello world graded with one IO test (compile, then the test), each step in
 * a fresh container as the sandbox runs it, beside the same two commands as bare {@code docker run}
 * with the same limits, in the same run. Overhead is a job's wall time minus the program's own run
 * time (the compiler's and the program's, as the engine timed their containers' processes).
 * A profiler times each engine call the sandbox makes to say where the overhead goes.
 */
public final class SandboxBenchmark {
  private static final String SOURCE =
      "#include <stdio.h>\nint main(void) { char n[64]; if (scanf(\"%63s\", n) == 1) printf(\"Hello, %s!\\n\", n); return 0; }\n";
  private static final byte[] STDIN = "Ada\n".getBytes(StandardCharsets.UTF_8);
  private static final List<String> COMPILE =
      List.of("gcc", "-std=gnu17", "-O2", "-pipe", "-o", "/work/.build/program", "hello.c", "-lm");
  private static final String SPEC = """
      {"language": "C", "tests": [{"name": "greets Ada", "stdin": "Ada\\n", "expectedStdout": "Hello, Ada!\\n"}]}""";

  private SandboxBenchmark() {}

  /** One job's times, in milliseconds. */
  record Job(double wall, double program, Map<String, Double> calls) {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 5);
    int jobs = options.quick() ? 6 : 12;
    Flavour flavour = FlavourCatalog.fromConfig(ConfigFactory.parseFile(new File("conf/flavours.conf"))
        .withFallback(ConfigFactory.load())).get("default");
    String node = "bench-sandbox-" + UUID.randomUUID().toString().substring(0, 8);
    TimedEngine timer = new TimedEngine();
    timer.foreground(Thread.currentThread());
    DockerSandbox sandbox = DockerSandbox.using(timer.wrap(DockerSandbox.localEngine()), node);
    GradingSpec spec = new ObjectMapper().readValue(SPEC, GradingSpec.class);
    Bare bare = new Bare(flavour, node);

    int rounds = options.rounds();
    double[] program = new double[rounds];
    double[] sandboxWall = new double[rounds];
    double[] graderWall = new double[rounds];
    double[] bareWall = new double[rounds];
    double[] sandboxOverhead = new double[rounds];
    double[] bareOverhead = new double[rounds];
    double[] ratioWall = new double[rounds];
    double[] ratioOverhead = new double[rounds];
    Map<String, double[]> calls = new TreeMap<>();
    try (SubmissionGrader grader = new SubmissionGrader(sandbox)) {
      runSteps(sandbox, flavour, timer); // warm-up: JIT, the engine's image cache
      bare.run();
      for (int r = 0; r < rounds; r++) {
        List<Job> steps = new ArrayList<>();
        double[] graded = new double[jobs];
        double[] bareRuns = new double[jobs];
        for (int j = 0; j < jobs; j++) {
          // Interleaved, so that the machine's noise falls on all three alike.
          steps.add(runSteps(sandbox, flavour, timer));
          graded[j] = grade(grader, spec, flavour);
          bareRuns[j] = bare.run();
        }
        program[r] = median(steps.stream().mapToDouble(Job::program).toArray());
        sandboxWall[r] = median(steps.stream().mapToDouble(Job::wall).toArray());
        graderWall[r] = median(graded);
        bareWall[r] = median(bareRuns);
        sandboxOverhead[r] = sandboxWall[r] - program[r];
        bareOverhead[r] = bareWall[r] - program[r];
        ratioWall[r] = sandboxWall[r] / bareWall[r];
        ratioOverhead[r] = sandboxOverhead[r] / bareOverhead[r];
        for (String call : steps.get(0).calls().keySet()) {
          calls.computeIfAbsent(call, k -> new double[rounds])[r] =
              median(steps.stream().mapToDouble(s -> s.calls().getOrDefault(call, 0.0)).toArray());
        }
        System.out.printf("round %d: sandbox %.0f ms, grader %.0f ms, bare docker run %.0f ms, program %.0f ms%n",
            r + 1, sandboxWall[r], graderWall[r], bareWall[r], program[r]);
      }
    } finally {
      bare.close();
    }
    Report report = new Report("sandbox", "Sandbox overhead: a C hello world, compile + one IO test (" + rounds
        + " rounds, median of " + jobs + " jobs each)")
        .figure("programMillis", "program's own run time (gcc + hello)", "ms", "%.0f", program)
        .figure("sandboxMillis", "sandbox job wall (open, 2 steps, close)", "ms", "%.0f", sandboxWall)
        .figure("graderMillis", "the same job through SubmissionGrader", "ms", "%.0f", graderWall)
        .figure("bareMillis", "bare docker run x2 (CLI, same limits)", "ms", "%.0f", bareWall)
        .figure("sandboxOverheadMillis", "sandbox overhead (wall - program)", "ms", "%.0f", sandboxOverhead)
        .figure("bareOverheadMillis", "bare docker run overhead (wall - program)", "ms", "%.0f", bareOverhead)
        .figure("ratioWall", "sandbox / bare, wall", "x", "%.2f", ratioWall)
        .figure("ratioOverhead", "sandbox / bare, overhead", "x", "%.2f", ratioOverhead);
    calls.forEach((call, v) -> report.figure("call" + call, "  engine call " + call + " (per job)", "ms", "%.1f", v));
    report
        .note("Flavour default of conf/flavours.conf (1 CPU, 512 MiB, 128 pids); image autograder-grading:latest;"
            + " one job at a time, back to back.")
        .note("Sandbox job: Sandbox.open (two tmpfs volumes and a keeper container), the compile step, the test step"
            + " (each: create, copy the files in, start, wait, inspect, copy the results out, remove), close.")
        .note("Bare: `docker run --rm` of gcc (source from a read-only bind mount, binary into a volume), then"
            + " `docker run --rm -i` of the program, with the sandbox's limits; the volume exists beforehand.")
        .note("Program time: the engine's StartedAt to FinishedAt of each step's container (the process's life),"
            + " subtracted from both walls alike.")
        .note("Engine calls: wall time of each docker-java call on the job's thread (TimedEngine); the rest of the"
            + " job's wall is waiting for the container to exit and the runner's own work.")
        .note("Target (issue): sandbox at most 1.15x a bare docker run without a warm pool.")
        .publish();
  }

  /** A job as IoGrader runs it, step by step, so that each step's program time is known. */
  private static Job runSteps(DockerSandbox sandbox, Flavour flavour, TimedEngine timer) {
    timer.reset();
    long start = System.nanoTime();
    StepOutcome compiled;
    StepOutcome tested;
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(),
        Map.of("hello.c", SOURCE.getBytes(StandardCharsets.UTF_8)), "bench")) {
      compiled = session.run(SandboxStep.of(COMPILE, new byte[0], flavour.compileWallTime(), 256L * 1024 * 1024));
      tested = session.run(SandboxStep.of(List.of("/work/.build/program"), STDIN, flavour.wallTime(),
          flavour.outputLimitBytes() + 1));
    }
    double wall = (System.nanoTime() - start) / 1e6;
    if (compiled.exitCode() != 0 || !new String(tested.stdout(), StandardCharsets.UTF_8).equals("Hello, Ada!\n")) {
      throw new IllegalStateException("the hello world failed: " + new String(compiled.stderr(), StandardCharsets.UTF_8));
    }
    return new Job(wall, compiled.wallMillis() + tested.wallMillis(), timer.foregroundMillis());
  }

  private static double grade(SubmissionGrader grader, GradingSpec spec, Flavour flavour) throws Exception {
    long start = System.nanoTime();
    GradingResult result = grader.grade(spec, List.of(new SubmittedFile("hello.c",
        SOURCE.getBytes(StandardCharsets.UTF_8))), flavour, "bench", hash -> new byte[0], progress -> {});
    if (result.verdict() != Verdict.ACCEPTED) {
      throw new IllegalStateException("the grader answered " + result.verdict() + ": " + result.log());
    }
    return (System.nanoTime() - start) / 1e6;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return Figure.quantile(s, 0.5);
  }

  /** The same two commands as plain `docker run`s with the sandbox's limits. */
  private static final class Bare implements AutoCloseable {
    private final List<String> limits;
    private final String volume;
    private final Path source;
    private final String image;

    Bare(Flavour flavour, String node) throws Exception {
      image = flavour.image();
      volume = "autograder-" + node;
      source = Files.createTempDirectory("autograder-bench", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwxr-xr-x")));
      Path file = source.resolve("hello.c");
      Files.writeString(file, SOURCE);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      Command.run(new byte[0], List.of("docker", "volume", "create", "--label", "autograder.bench=" + node, volume));
      Command.run(new byte[0], List.of("docker", "run", "--rm", "-v", volume + ":/work", image, "sh", "-c",
          "mkdir -p /work/.build && chown 10001:10001 /work/.build"));
      long memory = flavour.memoryBytes();
      limits = List.of("--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
          "-m", String.valueOf(memory), "--memory-swap", String.valueOf(memory), "--memory-swappiness", "0",
          "--cpus", String.valueOf(flavour.cpus()), "--pids-limit", String.valueOf(flavour.pids()),
          "--ulimit", "nofile=" + flavour.openFiles(), "--ulimit", "core=0", "--user", "10001:10001",
          "--tmpfs", "/tmp:size=" + flavour.tmpBytes(), "--log-driver", "none", "--label", "autograder.bench=" + node,
          "-v", volume + ":/work");
    }

    /** Compile, then run: milliseconds for both. */
    double run() throws Exception {
      long start = System.nanoTime();
      List<String> compile = new ArrayList<>(List.of("docker", "run", "--rm"));
      compile.addAll(limits);
      compile.addAll(List.of("--ulimit", "fsize=" + 256L * 1024 * 1024, "-v", source + ":/src:ro", "-w", "/src", image));
      compile.addAll(COMPILE.subList(0, COMPILE.size() - 2));
      compile.addAll(List.of("hello.c", "-lm"));
      Command.run(new byte[0], compile);
      List<String> test = new ArrayList<>(List.of("docker", "run", "--rm", "-i"));
      test.addAll(limits);
      test.addAll(List.of("--ulimit", "fsize=" + (1024 * 1024 + 1), image, "/work/.build/program"));
      Command.run(STDIN, test);
      return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public void close() throws Exception {
      Command.run(new byte[0], List.of("docker", "volume", "rm", "-f", volume));
      Files.walk(source).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }
}
