package dev.autograder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grader.SubmissionGrader;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GradingSpec;
import dev.autograder.grading.Verdict;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.sandbox.Sandbox;
import dev.autograder.sandbox.SandboxStep;
import dev.autograder.sandbox.StepOutcome;
import dev.autograder.submission.archive.SubmittedFile;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Sandbox overhead: a C hello world graded with one IO test (compile, then the test) in one sandbox
 * session (one container, each step a run of its supervisor), beside the same two commands as bare
 * {@code docker run} with the same limits, in the same run. Overhead is a job's wall time minus the
 * program's own run time (the compiler's and the program's, as the supervisor measured them). A
 * profiler times each engine call the sandbox makes to say where the overhead goes.
 */
public final class SandboxBenchmark {
  private static final String SOURCE =
      "#include <stdio.h>\nint main(void) { char n[64]; if (scanf(\"%63s\", n) == 1) printf(\"Hello, %s!\\n\", n); return 0; }\n";
  private static final byte[] STDIN = "Ada\n".getBytes(StandardCharsets.UTF_8);
  private static final List<String> COMPILE =
      List.of("gcc", "-std=gnu17", "-O2", "-pipe", "-o", "/work/build/program", "hello.c", "-lm");
  private static final String SPEC =
      """
      {"language": "C", "tests": [{"name": "greets Ada", "stdin": "Ada\\n", "expectedStdout": "Hello, Ada!\\n"}]}""";

  private SandboxBenchmark() {}

  /** One job's times, in milliseconds. */
  record Job(double wall, double program, Map<String, Double> calls) {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 5);
    int jobs = options.quick() ? 6 : 12;
    Flavour flavour =
        FlavourCatalog.fromConfig(
                ConfigFactory.parseFile(new File("conf/flavours.conf"))
                    .withFallback(ConfigFactory.load()))
            .get("default");
    String node = "bench-sandbox-" + UUID.randomUUID().toString().substring(0, 8);
    TimedEngine timer = new TimedEngine();
    timer.foreground(Thread.currentThread());
    DockerSandbox cold = DockerSandbox.using(timer.wrap(DockerSandbox.localEngine()), node, 0);
    DockerSandbox warm =
        DockerSandbox.using(timer.wrap(DockerSandbox.localEngine()), node + "-warm", 1);
    warm.warm(flavour);
    GradingSpec spec = new ObjectMapper().readValue(SPEC, GradingSpec.class);
    Bare bare = new Bare(flavour, node);

    int rounds = options.rounds();
    Map<String, double[]> figures = new LinkedHashMap<>();
    try (SubmissionGrader grader = new SubmissionGrader(cold)) {
      runSteps(cold, flavour, timer); // warm-up: JIT, the engine's image cache
      runSteps(warm, flavour, timer);
      bare.run();
      for (int r = 0; r < rounds; r++) {
        List<Job> coldJobs = new ArrayList<>();
        List<Job> warmJobs = new ArrayList<>();
        double[] graded = new double[jobs];
        double[] bareRuns = new double[jobs];
        for (int j = 0; j < jobs; j++) {
          // Interleaved, so that the machine's noise falls on all alike.
          coldJobs.add(runSteps(cold, flavour, timer));
          warmJobs.add(runSteps(warm, flavour, timer));
          graded[j] = grade(grader, spec, flavour);
          bareRuns[j] = bare.run();
        }
        double program = median(coldJobs.stream().mapToDouble(Job::program).toArray());
        double coldWall = median(coldJobs.stream().mapToDouble(Job::wall).toArray());
        double warmWall = median(warmJobs.stream().mapToDouble(Job::wall).toArray());
        double bareWall = median(bareRuns);
        put(figures, rounds, r, "programMillis", program);
        put(figures, rounds, r, "coldMillis", coldWall);
        put(figures, rounds, r, "warmMillis", warmWall);
        put(figures, rounds, r, "graderMillis", median(graded));
        put(figures, rounds, r, "bareMillis", bareWall);
        put(figures, rounds, r, "coldOverheadMillis", coldWall - program);
        put(figures, rounds, r, "warmOverheadMillis", warmWall - program);
        put(figures, rounds, r, "bareOverheadMillis", bareWall - program);
        put(figures, rounds, r, "coldRatio", coldWall / bareWall);
        put(figures, rounds, r, "warmRatio", warmWall / bareWall);
        put(figures, rounds, r, "coldOverheadRatio", (coldWall - program) / (bareWall - program));
        put(figures, rounds, r, "warmOverheadRatio", (warmWall - program) / (bareWall - program));
        breakdown(figures, rounds, r, "cold", coldJobs);
        breakdown(figures, rounds, r, "warm", warmJobs);
        System.out.printf(
            "round %d: sandbox %.0f ms, with warm pool %.0f ms, bare docker run %.0f ms, program %.0f ms%n",
            r + 1, coldWall, warmWall, bareWall, program);
      }
    } finally {
      bare.close();
      cold.close();
      warm.close();
    }
    Report report =
        new Report(
            "sandbox",
            "Sandbox overhead: a C hello world, compile + one IO test ("
                + rounds
                + " rounds, median of "
                + jobs
                + " jobs each)");
    figure(report, figures, "programMillis", "program's own run time (gcc + hello)", "ms", "%.0f");
    figure(report, figures, "coldMillis", "sandbox job wall, no warm pool", "ms", "%.0f");
    figure(report, figures, "warmMillis", "sandbox job wall, warm pool", "ms", "%.0f");
    figure(
        report, figures, "graderMillis", "the job through SubmissionGrader, no pool", "ms", "%.0f");
    figure(report, figures, "bareMillis", "bare docker run x2 (CLI, same limits)", "ms", "%.0f");
    figure(
        report,
        figures,
        "coldOverheadMillis",
        "overhead (wall - program), no warm pool",
        "ms",
        "%.0f");
    figure(
        report,
        figures,
        "warmOverheadMillis",
        "overhead (wall - program), warm pool",
        "ms",
        "%.0f");
    figure(
        report,
        figures,
        "bareOverheadMillis",
        "overhead (wall - program), bare docker run",
        "ms",
        "%.0f");
    figure(report, figures, "coldRatio", "no warm pool / bare, wall", "x", "%.2f");
    figure(report, figures, "warmRatio", "warm pool / bare, wall", "x", "%.2f");
    figure(report, figures, "coldOverheadRatio", "no warm pool / bare, overhead", "x", "%.2f");
    figure(report, figures, "warmOverheadRatio", "warm pool / bare, overhead", "x", "%.2f");
    figures.keySet().stream()
        .filter(k -> k.startsWith("call"))
        .forEach(
            k ->
                figure(
                    report,
                    figures,
                    k,
                    (k.startsWith("callcold") ? "  no pool: " : "  warm pool: ")
                        + k.replaceFirst("call(cold|warm)", ""),
                    "ms",
                    "%.1f"));
    report
        .note(
            "Flavour default of conf/flavours.conf (1 CPU, 512 MiB, 128 pids); image autograder-grading:latest;"
                + " one job at a time, back to back, the four kinds interleaved.")
        .note(
            "Sandbox job: Sandbox.open, the compile step, the test step, close. Without the pool: the session's"
                + " container created, started and attached to at open; each step one RUN request to its supervisor"
                + " (fresh uid and directory, limits, kill sweep); at close a FINISH, after which the container removes"
                + " itself.")
        .note(
            "Warm pool (autograder.runner.warm-pool, one started container here): open takes a started container"
                + " whose supervisor waits for its first request, and the pool starts its replacement in the background.")
        .note(
            "Bare: `docker run --rm` of gcc (source from a read-only bind mount, binary into a volume), then"
                + " `docker run --rm -i` of the program, with the sandbox's limits; the volume exists beforehand.")
        .note(
            "Program time: the supervisor's wall time of each step's program (the compiler's, the hello"
                + " world's), subtracted from every wall alike.")
        .note(
            "Engine calls (per job): wall time of each docker-java call on the job's thread (TimedEngine);"
                + " Background: the warm pool's calls on its own threads. The rest of a job's wall is waiting for"
                + " the container to exit and the runner's own work.")
        .note(
            "Targets (issue): at most 1.15x a bare docker run without a warm pool, below it with one.")
        .publish();
  }

  private static void put(
      Map<String, double[]> figures, int rounds, int round, String key, double value) {
    figures.computeIfAbsent(key, k -> new double[rounds])[round] = value;
  }

  /** Median per job of the time in each engine call, and of the warm pool's background calls. */
  private static void breakdown(
      Map<String, double[]> figures, int rounds, int round, String kind, List<Job> jobs) {
    java.util.Set<String> calls = new java.util.TreeSet<>();
    jobs.forEach(j -> calls.addAll(j.calls().keySet()));
    for (String call : calls) {
      put(
          figures,
          rounds,
          round,
          "call" + kind + call,
          median(jobs.stream().mapToDouble(j -> j.calls().getOrDefault(call, 0.0)).toArray()));
    }
  }

  private static void figure(
      Report report,
      Map<String, double[]> figures,
      String key,
      String name,
      String unit,
      String format) {
    double[] v = figures.get(key);
    if (v != null) {
      report.figure(key, name, unit, format, v);
    }
  }

  /** A job as IoGrader runs it, step by step, so that each step's program time is known. */
  private static Job runSteps(DockerSandbox sandbox, Flavour flavour, TimedEngine timer) {
    timer.reset();
    long start = System.nanoTime();
    StepOutcome compiled;
    StepOutcome tested;
    try (Sandbox.Session session = sandbox.open(flavour, flavour.image(), "bench")) {
      compiled =
          session.run(
              SandboxStep.of(COMPILE, flavour.compileWallTime(), 256L * 1024 * 1024)
                  .in(Sandbox.BUILD)
                  .withFiles(Map.of("hello.c", SOURCE.getBytes(StandardCharsets.UTF_8)))
                  .kept());
      tested =
          session.run(
              SandboxStep.of(
                      List.of("/work/build/program"),
                      flavour.wallTime(),
                      flavour.outputLimitBytes() + 1)
                  .withStdin(STDIN));
    }
    double wall = (System.nanoTime() - start) / 1e6;
    if (compiled.exitCode() != 0
        || !new String(tested.stdout(), StandardCharsets.UTF_8).equals("Hello, Ada!\n")) {
      throw new IllegalStateException(
          "the hello world failed: " + new String(compiled.stderr(), StandardCharsets.UTF_8));
    }
    Map<String, Double> calls = new TreeMap<>(timer.foregroundMillis());
    double background =
        timer.backgroundMillis().values().stream().mapToDouble(Double::doubleValue).sum();
    if (background > 0) {
      calls.put("Background (all calls, off the job's path)", background);
    }
    return new Job(wall, compiled.wallMillis() + tested.wallMillis(), calls);
  }

  private static double grade(SubmissionGrader grader, GradingSpec spec, Flavour flavour)
      throws Exception {
    long start = System.nanoTime();
    GradingResult result =
        grader.grade(
            spec,
            List.of(new SubmittedFile("hello.c", SOURCE.getBytes(StandardCharsets.UTF_8))),
            flavour,
            "bench",
            hash -> new byte[0],
            progress -> {});
    if (result.verdict() != Verdict.ACCEPTED) {
      throw new IllegalStateException(
          "the grader answered " + result.verdict() + ": " + result.log());
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
      source =
          Files.createTempDirectory(
              "autograder-bench",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Path file = source.resolve("hello.c");
      Files.writeString(file, SOURCE);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      Command.run(
          new byte[0],
          List.of("docker", "volume", "create", "--label", "autograder.bench=" + node, volume));
      Command.run(
          new byte[0],
          List.of(
              "docker",
              "run",
              "--rm",
              "-v",
              volume + ":/work",
              image,
              "sh",
              "-c",
              "mkdir -p /work/build && chown 10001:10001 /work/build"));
      long memory = flavour.memoryBytes();
      limits =
          List.of(
              "--network",
              "none",
              "--read-only",
              "--cap-drop",
              "ALL",
              "--security-opt",
              "no-new-privileges",
              "-m",
              String.valueOf(memory),
              "--memory-swap",
              String.valueOf(memory),
              "--memory-swappiness",
              "0",
              "--cpus",
              String.valueOf(flavour.cpus()),
              "--pids-limit",
              String.valueOf(flavour.pids()),
              "--ulimit",
              "nofile=" + flavour.openFiles(),
              "--ulimit",
              "core=0",
              "--user",
              "10001:10001",
              "--tmpfs",
              "/tmp:size=" + flavour.tmpBytes(),
              "--log-driver",
              "none",
              "--label",
              "autograder.bench=" + node,
              "-v",
              volume + ":/work");
    }

    /** Compile, then run: milliseconds for both. */
    double run() throws Exception {
      long start = System.nanoTime();
      List<String> compile = new ArrayList<>(List.of("docker", "run", "--rm"));
      compile.addAll(limits);
      compile.addAll(
          List.of(
              "--ulimit",
              "fsize=" + 256L * 1024 * 1024,
              "-v",
              source + ":/src:ro",
              "-w",
              "/src",
              image));
      compile.addAll(COMPILE.subList(0, COMPILE.size() - 2));
      compile.addAll(List.of("hello.c", "-lm"));
      Command.run(new byte[0], compile);
      List<String> test = new ArrayList<>(List.of("docker", "run", "--rm", "-i"));
      test.addAll(limits);
      test.addAll(List.of("--ulimit", "fsize=" + (1024 * 1024 + 1), image, "/work/build/program"));
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
