package dev.autograder.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.autograder.flavour.Flavour;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every step in a fresh Docker container: network none, read-only root, all capabilities
 * dropped, no-new-privileges, an unprivileged user, memory without swap, a CPU quota, a pids limit,
 * file-size, open-files and core limits and a small /tmp tmpfs. The steps of one session share
 * /work: a size-limited tmpfs volume that a keeper container holds mounted for the session's life,
 * so files pass from step to step while nothing a step wrote can outgrow the flavour's work size.
 * The grader's own files (stdin, stdout, stderr, measurements) live in a second small volume at
 * /work/.grading, so a program that fills /work cannot destroy the evidence of what it did.
 *
 * <p>With a warm pool, sessions are prepared ahead (volumes, a started keeper that runs nothing but
 * sleep, and a created, never started, container for the first step), each step's successor
 * container is created while the step runs, and used containers are removed in the background
 * before their session's close returns. Every container still runs exactly one step, and nothing
 * prepared is ever given to a second session, so nothing survives a step or a session either way.
 *
 * <p>Every call here blocks: run it on the runner's sandbox dispatcher, never on the default one.
 * The warm pool's own engine calls run on its threads.
 */
public final class DockerSandbox implements Sandbox, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);

  static final String LABEL_SANDBOX = "autograder.sandbox";
  static final String LABEL_NODE = "autograder.node";
  static final String LABEL_SESSION = "autograder.session";
  static final int UID = 10001;
  static final String USER = UID + ":" + UID;
  static final String WORK = "/work";
  static final String GRADING_DIR = ".grading";
  static final String BUILD_DIR = ".build";

  /** Lets the container start and the runtime settle before the wall limit counts as passed. */
  private static final Duration KILL_GRACE = Duration.ofMillis(250);

  /**
   * Every step's container runs this: the step's argv, directory and file-size limit come from
   * files copied into /work/.grading with its stdin just before it starts, so that the container
   * can be created before the step is known. stdin from a file, stdout and stderr to files (capped
   * by the file-size limit as they are written), GNU time measuring the program.
   *
   * <p>When the program has exited, every other process of the sandbox user is killed, so nothing
   * the step started can write after this point, and the script prints its results on the
   * container's stdout, which the runner attaches to: for each of usage, stdout and stderr a line
   * "name size" and at most {@code cap} bytes of it, then a trailer "end status length" giving the
   * program's exit status and the length of what came before it. A program may write to the
   * container's stdout too (through /proc/1/fd/1), but only before the results, so the runner reads
   * them back from the trailer. The container exits with the program's status.
   */
  private static final String STEP_SCRIPT =
      "g=" + WORK + "/" + GRADING_DIR + "; rm -f $g/usage; mapfile -d '' -t argv <$g/argv; cd -- \"$(<$g/cwd)\" || exit 127;"
          + " prlimit --fsize=$(<$g/fsize) -- /usr/bin/time -f '%e %U %S %M' -o $g/usage \"${argv[@]}\""
          + " <$g/stdin >$g/stdout 2>$g/stderr; s=$?; kill -KILL -1 2>/dev/null; c=$(<$g/cap); n=0;"
          + " for f in usage stdout stderr; do b=0; [ -f $g/$f ] && [ ! -L $g/$f ] && b=$(stat -c %s $g/$f);"
          + " ((b > c)) && b=$c; h=\"$f $b\"; printf '%s\\n' \"$h\"; ((b > 0)) && head -c $b $g/$f; n=$((n + ${#h} + 1 + b));"
          + " done; printf 'end %d %d\\n' $s $n; exit $s";

  private final DockerClient docker;
  private final String nodeName;
  /** Sessions kept prepared per flavour; 0 turns the warm pool off. */
  private final int warmSessions;
  /** The warm pool's engine calls; null without a pool. */
  private final ExecutorService background;
  private final Map<Flavour, Deque<Prepared>> prepared = new HashMap<>();
  private final Map<Flavour, Integer> preparing = new HashMap<>();
  /** Completes once the warm pool is closed and what it prepared is removed; null until close starts. */
  private final AtomicReference<CompletableFuture<Void>> closed = new AtomicReference<>();

  private DockerSandbox(DockerClient docker, String nodeName, int warmSessions) {
    this.docker = docker;
    this.nodeName = nodeName;
    this.warmSessions = warmSessions;
    this.background = warmSessions == 0 ? null : Executors.newFixedThreadPool(Math.max(2, warmSessions), r -> {
      Thread t = new Thread(r, "sandbox-warm-pool");
      t.setDaemon(true);
      return t;
    });
  }

  /** Connects to the engine named by DOCKER_HOST, or the local socket; no warm pool. */
  public static DockerSandbox connect(String nodeName) {
    return using(localEngine(), nodeName, 0);
  }

  /** Connects to the local engine, keeping {@code warmSessions} sessions prepared per flavour (0: none). */
  public static DockerSandbox connect(String nodeName, int warmSessions) {
    return using(localEngine(), nodeName, warmSessions);
  }

  /** A sandbox on a given engine client (the benchmarks time its calls). */
  public static DockerSandbox using(DockerClient docker, String nodeName, int warmSessions) {
    return new DockerSandbox(docker, nodeName, warmSessions);
  }

  /** A client of the engine named by DOCKER_HOST, or the local socket. */
  public static DockerClient localEngine() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(10))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** The engine, for building assignment images. */
  public DockerClient engine() {
    return docker;
  }

  /** True when the engine answers; used by start-up checks and by tests that need the engine. */
  public boolean engineAnswers() {
    try {
      docker.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public boolean hasImage(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Removes the containers and volumes a previous run of this node left behind (it crashed, or was
   * killed mid-job). Returns how many containers it removed.
   */
  public int removeLeftovers() {
    Map<String, String> mine = Map.of(LABEL_NODE, nodeName);
    var containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec();
    for (var c : containers) {
      removeContainer(c.getId());
    }
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(LABEL_NODE + "=" + nodeName)).exec();
    if (volumes.getVolumes() != null) {
      for (var v : volumes.getVolumes()) {
        removeVolume(v.getName());
      }
    }
    return containers.size();
  }

  @Override
  public Session open(Flavour flavour, String image, Map<String, byte[]> files, String label) {
    Prepared ready = take(flavour, image);
    if (ready == null) {
      ready = prepare(flavour, image, label, false);
    }
    return new DockerSession(flavour, image, ready, label, files);
  }

  /** How many sessions of the flavour's own image the warm pool holds ready now. */
  synchronized int preparedSessions(Flavour flavour) {
    return prepared.getOrDefault(flavour, new ArrayDeque<>()).size();
  }

  /** Fills the warm pool for a flavour's own image now, so that the first job finds it ready. */
  public void warm(Flavour flavour) {
    if (warmSessions > 0) {
      refill(flavour);
    }
  }

  /**
   * A session's volumes and started keeper, and with {@code firstStep} a created container for its
   * first step. Nothing here has run anything but the keeper's sleep.
   */
  private Prepared prepare(Flavour flavour, String image, String label, boolean firstStep) {
    String id = UUID.randomUUID().toString();
    Volumes volumes = new Volumes("autograder-" + id, "autograder-io-" + id);
    Map<String, String> labels = labels(label);
    String keeper = null;
    try {
      createTmpfsVolume(volumes.work(), flavour.workBytes(), labels);
      createTmpfsVolume(volumes.io(), ioBytes(flavour), labels);
      keeper = startKeeper(image, volumes, labels);
      return new Prepared(volumes, keeper, firstStep ? createStep(flavour, image, volumes, label) : null);
    } catch (RuntimeException e) {
      if (keeper != null) {
        removeContainer(keeper);
      }
      removeVolume(volumes.work());
      removeVolume(volumes.io());
      throw new SandboxFailure("could not prepare the sandbox from " + image + ": " + e.getMessage(), e);
    }
  }

  /** Room for stdout and stderr at the output limit each, and a compiler's or harness's chatter. */
  private static long ioBytes(Flavour flavour) {
    return Math.max(4 * flavour.outputLimitBytes(), 16L * 1024 * 1024);
  }

  /** A prepared session of the flavour's own image, if one is ready; asks for its replacement. */
  private Prepared take(Flavour flavour, String image) {
    if (warmSessions == 0 || !image.equals(flavour.image())) {
      return null;
    }
    Prepared ready;
    synchronized (this) {
      ready = prepared.computeIfAbsent(flavour, f -> new ArrayDeque<>()).pollFirst();
    }
    refill(flavour);
    return ready;
  }

  private void refill(Flavour flavour) {
    int missing;
    synchronized (this) {
      missing = warmSessions - prepared.computeIfAbsent(flavour, f -> new ArrayDeque<>()).size()
          - preparing.getOrDefault(flavour, 0);
      preparing.merge(flavour, Math.max(0, missing), Integer::sum);
    }
    for (int i = 0; i < missing; i++) {
      try {
        background.execute(() -> {
          Prepared ready = null;
          try {
            ready = prepare(flavour, flavour.image(), "warm", true);
          } catch (RuntimeException e) {
            log.warn("could not prepare a warm sandbox session: {}", e.getMessage());
          } finally {
            synchronized (this) {
              preparing.merge(flavour, -1, Integer::sum);
              if (ready != null) {
                prepared.get(flavour).addLast(ready);
              }
            }
          }
        });
      } catch (RejectedExecutionException e) {
        return; // Closed.
      }
    }
  }

  /**
   * Runs engine work on the warm pool's threads, or here without a pool (or once it is closed).
   * The future answers when the work is done.
   */
  private Future<?> later(Runnable work) {
    if (background != null) {
      try {
        return background.submit(work);
      } catch (RejectedExecutionException e) {
        // Closed: do it now.
      }
    }
    work.run();
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Stops preparing sessions and removes the prepared ones. Sessions still open stay usable (their
   * engine calls then run on the caller's thread) and are removed by their own close.
   */
  @Override
  public void close() {
    if (background == null) {
      return;
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> first = closed.compareAndExchange(null, mine);
    if (first != null) {
      // Another thread closes it (the node's stop and the JVM's shutdown hook may both call this):
      // the JVM must not exit before that thread has removed what the pool prepared.
      first.join();
      return;
    }
    try {
      background.shutdown();
      try {
        if (!background.awaitTermination(2, TimeUnit.MINUTES)) {
          log.warn("the warm pool did not stop within 2 minutes");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<Prepared> unused = new ArrayList<>();
      synchronized (this) {
        prepared.values().forEach(unused::addAll);
        prepared.clear();
      }
      for (Prepared p : unused) {
        if (p.firstStep() != null) {
          removeContainer(p.firstStep());
        }
        removeContainer(p.keeper());
        removeVolume(p.volumes().work());
        removeVolume(p.volumes().io());
      }
    } finally {
      mine.complete(null);
    }
  }

  /** A session's volumes and keeper, and a created container for its next step when prepared ahead. */
  private record Prepared(Volumes volumes, String keeper, String firstStep) {}

  /**
   * The keeper only holds the tmpfs volumes mounted between steps: no network, few processes, little
   * memory. Not too few: with a pids limit of 2 keepers sometimes exited with status 2 under load
   * (most likely the runtime's init, a Go program whose threads count against the limit, failing
   * to start a thread), the volumes were unmounted and the next step found /work empty.
   */
  private String startKeeper(String image, Volumes volumes, Map<String, String> labels) {
    return startedOnce(() -> docker.createContainerCmd(image)
        .withLabels(labels)
        .withUser(USER)
        .withNetworkDisabled(true)
        .withHostConfig(HostConfig.newHostConfig()
            .withBinds(volumes.binds())
            .withReadonlyRootfs(true)
            .withNetworkMode("none")
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withMemory(64L * 1024 * 1024)
            .withPidsLimit(32L)
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, Map.of())))
        .withCmd("sleep", "infinity")
        .exec().getId(), id -> { });
  }

  /**
   * Creates and starts a container, creating it afresh once when the engine fails to start it
   * (seen here under load: "cannot start a stopped process"). A container that did not start ran
   * nothing, so this repeats no work of the student's.
   */
  private String startedOnce(Supplier<String> create, Consumer<String> prepare) {
    for (int attempt = 1; ; attempt++) {
      String id = create.get();
      try {
        prepare.accept(id);
        docker.startContainerCmd(id).exec();
        return id;
      } catch (InternalServerErrorException e) {
        removeContainer(id);
        if (attempt == 2) {
          throw e;
        }
        log.warn("the engine failed to start a container ({}); creating it afresh", e.getMessage().strip());
      } catch (RuntimeException e) {
        removeContainer(id);
        throw e;
      }
    }
  }

  private void createTmpfsVolume(String name, long bytes, Map<String, String> labels) {
    docker.createVolumeCmd().withName(name).withLabels(labels).withDriver("local")
        .withDriverOpts(Map.of("type", "tmpfs", "device", "tmpfs",
            "o", "size=" + bytes + ",uid=" + UID + ",gid=" + UID + ",mode=0755,exec"))
        .exec();
  }

  /** A session's two volumes: the work directory and, mounted inside it, the grader's files. */
  private record Volumes(String work, String io) {
    List<Bind> binds() {
      return List.of(new Bind(work, new Volume(WORK)), new Bind(io, new Volume(WORK + "/" + GRADING_DIR)));
    }
  }

  private Map<String, String> labels(String label) {
    return Map.of(LABEL_SANDBOX, "true", LABEL_NODE, nodeName, LABEL_SESSION, label);
  }

  private final class DockerSession implements Session {
    private final Flavour flavour;
    private final String image;
    private final Volumes volumes;
    private final String keeper;
    private final String label;
    /** Copied into /work together with the first step's files. */
    private Map<String, byte[]> pendingFiles;
    /** With a warm pool: the container for the next step, created ahead; else null. */
    private Future<String> next;
    /** Used containers being removed in the background; close waits for them. */
    private final List<Future<?>> removals = new ArrayList<>();
    /** What the running step's container prints on exit. */
    private StepPrintout printout;

    DockerSession(Flavour flavour, String image, Prepared prepared, String label, Map<String, byte[]> files) {
      this.flavour = flavour;
      this.image = image;
      this.volumes = prepared.volumes();
      this.keeper = prepared.keeper();
      this.label = label;
      this.pendingFiles = files;
      this.next = prepared.firstStep() == null ? null : CompletableFuture.completedFuture(prepared.firstStep());
    }

    @Override
    public StepOutcome run(SandboxStep step) {
      String id = null;
      try {
        Map<String, byte[]> files = new LinkedHashMap<>(pendingFiles);
        files.putAll(step.files());
        files.put(GRADING_DIR + "/stdin", step.stdin());
        files.put(GRADING_DIR + "/argv", argv(step.command()));
        files.put(GRADING_DIR + "/cwd", step.workingDir().getBytes(StandardCharsets.UTF_8));
        long fileSize = Math.min(step.fileSizeLimit(), fileSizeCeiling(flavour));
        files.put(GRADING_DIR + "/fsize", String.valueOf(fileSize).getBytes(StandardCharsets.UTF_8));
        files.put(GRADING_DIR + "/cap", String.valueOf(flavour.outputLimitBytes() + 1).getBytes(StandardCharsets.UTF_8));
        byte[] tar = tar(files);
        id = startedOnce(this::container, created -> {
          docker.copyArchiveToContainerCmd(created).withRemotePath(WORK)
              .withTarInputStream(new ByteArrayInputStream(tar)).exec();
          if (printout != null) {
            printout.close();
          }
          printout = StepPrintout.attach(docker, created, flavour.outputLimitBytes() + 1);
        });
        pendingFiles = Map.of();
        if (background != null) {
          try {
            // The next step's container, created while this step runs.
            next = background.submit(() -> createStep(flavour, image, volumes, label));
          } catch (RejectedExecutionException e) {
            // The pool is closed: the next step creates its own.
          }
        }
        return outcome(id, step, System.nanoTime());
      } catch (DockerClientException | IOException e) {
        throw new SandboxFailure("the sandbox failed: " + e.getMessage(), e);
      } catch (SandboxFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw new SandboxFailure("the sandbox failed: " + e, e);
      } finally {
        if (printout != null) {
          printout.close();
          printout = null;
        }
        if (id != null) {
          // The step's processes are gone with its container's init; only the engine's record is left.
          String used = id;
          removals.add(later(() -> removeContainer(used)));
        }
      }
    }

    /** The container prepared for this step, or a fresh one. */
    private String container() {
      Future<String> ahead = next;
      next = null;
      if (ahead != null) {
        try {
          return ahead.get();
        } catch (ExecutionException e) {
          log.warn("{}: the container prepared ahead failed ({}); creating one now", label, e.getCause().getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SandboxFailure("interrupted while waiting for a container", e);
        }
      }
      return createStep(flavour, image, volumes, label);
    }

    /** Waits for a started step (killing it at its wall limit) and reads what it left. */
    private StepOutcome outcome(String id, SandboxStep step, long started) throws IOException {
      boolean timedOut = false;
      try {
        docker
            .waitContainerCmd(id)
            .start()
            .awaitStatusCode(step.wallLimit().plus(KILL_GRACE).toMillis(), TimeUnit.MILLISECONDS);
      } catch (DockerClientException e) {
        timedOut = true;
        kill(id);
      }
      long hostMillis = (System.nanoTime() - started) / 1_000_000;
      InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
      int exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
      boolean oom = Boolean.TRUE.equals(state.getOOMKilled());

      long cap = flavour.outputLimitBytes();
      // The results as the step printed them; copied out of its stopped container when it could not
      // print them (killed at the wall limit) or they did not come whole.
      Map<String, byte[]> grading = printout.results(exitCode).orElse(null);
      if (grading == null) {
        if (!timedOut && !oom) {
          log.warn("{}: step {} exited with {} but its printout did not come whole; copying its results out",
              label, step.command(), exitCode);
        }
        grading = collect(id, GRADING_DIR, cap);
      }
      if (!timedOut && !oom && grading.getOrDefault("usage", new byte[0]).length == 0) {
        // GNU time writes its measurements whenever the program ran; without them the step's files
        // were not there when it started, so its exit says nothing about the student's program.
        throw new SandboxFailure("the step did not run: its files were missing from /work"
            + (keeperRunning() ? "" : " (the session's keeper container had stopped)"), null);
      }
      Map<String, byte[]> collected = new HashMap<>();
      for (String path : step.collect()) {
        collect(id, path, cap).values().stream().findFirst().ifPresent(content -> collected.put(path, content));
      }
      byte[] stdout = grading.getOrDefault("stdout", new byte[0]);
      byte[] stderr = grading.getOrDefault("stderr", new byte[0]);
      boolean limitReached = stdout.length > cap || stderr.length > cap;
      Usage measured = Usage.parse(new String(grading.getOrDefault("usage", new byte[0]), StandardCharsets.UTF_8));
      // GNU time's elapsed is the program's own (to the centisecond); the container's life also
      // counts the step script around it.
      long wall = measured.wallMillis >= 0 ? measured.wallMillis : wallFromState(state, hostMillis);
      if (timedOut) {
        wall = Math.max(wall, step.wallLimit().toMillis());
      }
      log.debug("{} step {} exit {} wall {} ms{}{}", label, step.command(), exitCode, wall,
          timedOut ? " timed out" : "", oom ? " oom" : "");
      return new StepOutcome(exitCode, truncate(stdout, cap), truncate(stderr, cap), limitReached, timedOut, oom, wall,
          measured.cpuMillis, measured.peakKib, collected);
    }

    /**
     * Reads a file or a directory's files under /work from a stopped container, each at most one
     * byte past {@code cap} (so that a caller can tell that the cap was reached), keyed by name.
     */
    private Map<String, byte[]> collect(String id, String path, long cap) throws IOException {
      Map<String, byte[]> files = new HashMap<>();
      try (InputStream tar = docker.copyArchiveFromContainerCmd(id, WORK + "/" + path).exec();
          TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          if (e.isFile()) {
            String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
            files.put(name, in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8)));
          }
        }
      } catch (NotFoundException e) {
        // The step did not write it.
      }
      return files;
    }

    private boolean keeperRunning() {
      try {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(keeper).exec().getState().getRunning());
      } catch (NotFoundException e) {
        return false;
      }
    }

    private void kill(String id) {
      try {
        docker.killContainerCmd(id).exec();
      } catch (NotModifiedException | NotFoundException | ConflictException e) {
        // It exited on its own between the timeout and the kill.
      }
      docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
    }

    /** Removes the session's containers (in parallel with a warm pool), then its volumes. */
    @Override
    public void close() {
      Future<String> ahead = next;
      next = null;
      if (ahead != null) {
        // Waited for here, not in a pool thread: a pool thread waiting for a task queued behind it
        // could wait forever.
        try {
          String unused = ahead.get();
          removals.add(later(() -> removeContainer(unused)));
        } catch (ExecutionException e) {
          // Never created.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      removals.add(later(() -> removeContainer(keeper)));
      for (Future<?> removal : removals) {
        try {
          removal.get();
        } catch (ExecutionException e) {
          log.warn("{}: removing a container failed: {}", label, e.getCause().getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      removals.clear();
      removeVolume(volumes.work());
      removeVolume(volumes.io());
    }
  }

  /**
   * A step's container, not started: every limit of the flavour, the session's volumes, and the
   * step script, which takes the step itself from the files the session copies in before start.
   */
  private String createStep(Flavour flavour, String image, Volumes volumes, String label) {
    long memory = flavour.memoryBytes();
    long fileSize = fileSizeCeiling(flavour);
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(volumes.binds())
            .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,exec,size=" + flavour.tmpBytes()))
            .withReadonlyRootfs(true)
            .withNetworkMode("none")
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withMemory(memory)
            .withMemorySwap(memory)
            .withMemorySwappiness(0L)
            .withNanoCPUs(Math.round(flavour.cpus() * 1_000_000_000L))
            .withPidsLimit(flavour.pids())
            .withUlimits(
                List.of(
                    new Ulimit("fsize", fileSize, fileSize),
                    new Ulimit("nofile", flavour.openFiles(), flavour.openFiles()),
                    new Ulimit("core", 0, 0)))
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, Map.of()));
    try {
      return docker
          .createContainerCmd(image)
          .withLabels(labels(label))
          .withUser(USER)
          .withWorkingDir(WORK)
          .withNetworkDisabled(true)
          .withEnv("HOME=/tmp", "LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin:/bin")
          .withHostConfig(host)
          .withCmd("bash", "-c", STEP_SCRIPT)
          .exec()
          .getId();
    } catch (RuntimeException e) {
      throw new SandboxFailure("could not create a container from " + image + ": " + e.getMessage(), e);
    }
  }

  /**
   * The container's own file-size limit: the largest file any writable place can hold. The step
   * script lowers it to the step's limit (never raises: the hard limit forbids it), so a step may
   * ask for any limit and a container made before its step still fits.
   */
  private static long fileSizeCeiling(Flavour flavour) {
    return Math.max(Math.max(flavour.workBytes(), ioBytes(flavour)), flavour.tmpBytes());
  }

  /** The step's argv for the step script: each argument ended by a NUL byte. */
  private static byte[] argv(List<String> command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String arg : command) {
      out.writeBytes(arg.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  private static byte[] truncate(byte[] content, long cap) {
    return content.length > cap ? Arrays.copyOf(content, (int) cap) : content;
  }

  private static long wallFromState(InspectContainerResponse.ContainerState state, long fallback) {
    try {
      return Duration.between(Instant.parse(state.getStartedAt()), Instant.parse(state.getFinishedAt()))
          .toMillis();
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  private void removeContainer(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // Already gone.
    } catch (RuntimeException e) {
      log.warn("could not remove container {}: {}", id, e.getMessage());
    }
  }

  private void removeVolume(String name) {
    try {
      docker.removeVolumeCmd(name).exec();
    } catch (NotFoundException e) {
      // Already gone.
    } catch (RuntimeException e) {
      log.warn("could not remove volume {}: {}", name, e.getMessage());
    }
  }

  /** A tar of files under /work, owned by the sandbox user, with their parent directories. */
  static byte[] tar(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TreeSet<String> dirs = new TreeSet<>(List.of(GRADING_DIR, BUILD_DIR));
      for (String path : files.keySet()) {
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
          dirs.add(path.substring(0, i));
        }
      }
      // A key ending in "/" stands for an empty directory.
      files.keySet().stream().filter(p -> p.endsWith("/")).forEach(p -> dirs.add(p.substring(0, p.length() - 1)));
      for (String dir : dirs) {
        TarArchiveEntry e = new TarArchiveEntry(dir + "/");
        e.setMode(040755);
        owned(e);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      for (var f : files.entrySet()) {
        if (f.getKey().endsWith("/")) {
          continue;
        }
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setMode(0100755);
        e.setSize(f.getValue().length);
        owned(e);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private static void owned(TarArchiveEntry e) {
    e.setUserId(UID);
    e.setGroupId(UID);
    e.setModTime(0);
  }

  /** GNU time's last line: elapsed seconds, user seconds, system seconds, max RSS in KiB. */
  private record Usage(long wallMillis, long cpuMillis, long peakKib) {
    static Usage parse(String text) {
      String[] lines = text.strip().split("\n");
      String[] f = lines[lines.length - 1].trim().split("\\s+");
      if (f.length != 4) {
        return new Usage(-1, -1, -1);
      }
      try {
        return new Usage(
            Math.round(Double.parseDouble(f[0]) * 1000),
            Math.round((Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1000),
            Long.parseLong(f[3]));
      } catch (NumberFormatException e) {
        return new Usage(-1, -1, -1);
      }
    }
  }
}
