package dev.autograder.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
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
import dev.autograder.health.NodeHealthProbe;
import dev.autograder.queue.Telemetry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session in one Docker container whose first process is the supervisor
 * (docs/sandbox-protocol.md): network none, read-only root, memory without swap, a CPU quota, a
 * pids limit, tmpfs work directories bounded in bytes and inodes, only the capabilities the
 * supervisor needs to give each run a uid of its own, and no-new-privileges. The container removes
 * itself when the supervisor exits, which it does when its stdin ends: when the session closes, or
 * when this node dies.
 *
 * <p>With a warm pool, containers of a flavour are started ahead, their supervisors waiting for
 * their first request; each is given to exactly one session.
 *
 * <p>Every call here blocks: run it on the runner's sandbox dispatcher, never on the default one.
 * The warm pool's own engine calls run on its threads.
 */
public final class DockerSandbox implements Sandbox, NodeHealthProbe.SandboxEngine, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);

  static final String LABEL_SANDBOX = "autograder.sandbox";
  static final String LABEL_NODE = "autograder.node";
  static final String LABEL_SESSION = "autograder.session";

  /** The first uid the supervisor gives a run; the grading image's own user is 10001. */
  static final int RUN_UID_BASE = 20000;

  /** A started container nobody attached to (its node died first) stops by itself after this. */
  private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

  /**
   * A tmpfs gets one inode for every this many bytes of its size, so many empty files are bounded
   * too.
   */
  private static final long BYTES_PER_INODE = 4096;

  /**
   * Exactly what the supervisor needs to give runs their own uids, stop them and clean up after
   * them.
   */
  private static final List<Capability> SUPERVISOR_CAPABILITIES =
      List.of(
          Capability.SETUID,
          Capability.SETGID,
          Capability.KILL,
          Capability.CHOWN,
          Capability.DAC_OVERRIDE,
          Capability.FOWNER);

  private final DockerClient docker;
  private final String nodeName;

  /** Sessions kept started per flavour; 0 turns the warm pool off. */
  private final int warmSessions;

  /** The warm pool's engine calls; null without a pool. */
  private final ExecutorService background;

  private final Map<Flavour, Deque<String>> prepared = new HashMap<>();
  private final Map<Flavour, Integer> preparing = new HashMap<>();
  private final Map<String, List<String>> imageEnvironments = new ConcurrentHashMap<>();
  private final EngineCallTimes calls = new EngineCallTimes();
  private volatile String supervisorVolume;

  /**
   * Completes once the warm pool is closed and what it started is removed; null until close starts.
   */
  private final AtomicReference<CompletableFuture<Void>> closed = new AtomicReference<>();

  private DockerSandbox(DockerClient docker, String nodeName, int warmSessions) {
    this.docker = docker;
    this.nodeName = nodeName;
    this.warmSessions = warmSessions;
    this.background =
        warmSessions == 0
            ? null
            : Executors.newFixedThreadPool(
                Math.max(2, warmSessions),
                r -> {
                  Thread t = new Thread(r, "sandbox-warm-pool");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** Connects to the engine named by DOCKER_HOST, or the local socket; no warm pool. */
  public static DockerSandbox connect(String nodeName) {
    return using(localEngine(), nodeName, 0);
  }

  /**
   * Connects to the local engine, keeping {@code warmSessions} sessions started per flavour (0:
   * none).
   */
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

  @Override
  public long pingMillis() {
    long start = System.nanoTime();
    boolean answered = engineAnswers();
    long millis = (System.nanoTime() - start) / 1_000_000;
    calls.observe("ping", millis);
    return answered ? millis : -1;
  }

  @Override
  public List<Telemetry.HistogramSample> callTimes() {
    return calls.samples();
  }

  @Override
  public int runningContainers() {
    return docker.listContainersCmd().withLabelFilter(Map.of(LABEL_NODE, nodeName)).exec().size();
  }

  /** Where the engine keeps its data, when it says so. */
  public Optional<String> dataDirectory() {
    return Optional.ofNullable(docker.infoCmd().exec().getDockerRootDir());
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
   * Builds the supervisor with {@code image}'s compiler unless this engine has it already. The
   * first session does it too; a node calls it at start so that its first job does not wait for the
   * build.
   */
  public void prepareSupervisor(String image) {
    supervisor(image);
  }

  private String supervisor(String image) {
    String volume = supervisorVolume;
    if (volume == null) {
      synchronized (this) {
        if (supervisorVolume == null) {
          supervisorVolume = SupervisorVolume.ensure(docker, image);
        }
        volume = supervisorVolume;
      }
    }
    return volume;
  }

  /**
   * Removes the containers (and the volumes of earlier versions) a previous run of this node left
   * behind: it crashed, or was killed before its sandboxes ended. Returns how many containers it
   * removed.
   */
  public int removeLeftovers() {
    Map<String, String> mine = Map.of(LABEL_NODE, nodeName);
    var containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec();
    for (var c : containers) {
      removeContainer(c.getId());
    }
    var volumes =
        docker.listVolumesCmd().withFilter("label", List.of(LABEL_NODE + "=" + nodeName)).exec();
    if (volumes.getVolumes() != null) {
      for (var v : volumes.getVolumes()) {
        try {
          docker.removeVolumeCmd(v.getName()).exec();
        } catch (RuntimeException e) {
          log.warn("could not remove volume {}: {}", v.getName(), e.getMessage());
        }
      }
    }
    return containers.size();
  }

  @Override
  public Session open(Flavour flavour, String image, String label) {
    String container = take(flavour, image);
    if (container == null) {
      container = startContainer(flavour, image, label);
    }
    try {
      return new SupervisedSession(
          docker, container, flavour, environment(image), label, this::removeContainer);
    } catch (RuntimeException e) {
      removeContainer(container);
      throw e;
    }
  }

  /** How many sessions of the flavour's own image the warm pool holds started now. */
  synchronized int preparedSessions(Flavour flavour) {
    return prepared.getOrDefault(flavour, new ArrayDeque<>()).size();
  }

  /** Fills the warm pool for a flavour's own image now, so that the first job finds it ready. */
  public void warm(Flavour flavour) {
    if (warmSessions > 0) {
      refill(flavour);
    }
  }

  /** A started container of the flavour's own image, if one is ready; asks for its replacement. */
  private String take(Flavour flavour, String image) {
    if (warmSessions == 0 || !image.equals(flavour.image())) {
      return null;
    }
    String ready;
    synchronized (this) {
      ready = prepared.computeIfAbsent(flavour, f -> new ArrayDeque<>()).pollFirst();
    }
    refill(flavour);
    return ready;
  }

  private void refill(Flavour flavour) {
    int missing;
    synchronized (this) {
      missing =
          warmSessions
              - prepared.computeIfAbsent(flavour, f -> new ArrayDeque<>()).size()
              - preparing.getOrDefault(flavour, 0);
      preparing.merge(flavour, Math.max(0, missing), Integer::sum);
    }
    for (int i = 0; i < missing; i++) {
      try {
        background.execute(
            () -> {
              String ready = null;
              try {
                ready = startContainer(flavour, flavour.image(), "warm");
              } catch (RuntimeException e) {
                log.warn("could not start a warm sandbox: {}", e.getMessage());
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
   * Stops starting sessions ahead and removes the started ones. Sessions still open stay usable and
   * end with their own close.
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
      // the JVM must not exit before that thread has removed what the pool started.
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
      List<String> unused = new ArrayList<>();
      synchronized (this) {
        prepared.values().forEach(unused::addAll);
        prepared.clear();
      }
      unused.forEach(this::removeContainer);
    } finally {
      mine.complete(null);
    }
  }

  /**
   * A started session container: the supervisor as its first process, waiting on its stdin for the
   * runner to attach. Its id.
   */
  String startContainer(Flavour flavour, String image, String label) {
    String volume = supervisor(flavour.image());
    long memory = flavour.memoryBytes();
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(new Bind(volume, new Volume(SupervisorVolume.MOUNT), AccessMode.ro))
            .withTmpFs(
                Map.of(
                    "/work",
                    tmpfs(flavour.workBytes(), "0755"),
                    AUTOGRADER,
                    tmpfs(flavour.workBytes(), "0755"),
                    "/tmp",
                    tmpfs(flavour.tmpBytes(), "1777"),
                    "/dev/shm",
                    tmpfs(flavour.tmpBytes(), "1777")))
            .withReadonlyRootfs(true)
            .withNetworkMode("none")
            .withCapDrop(Capability.ALL)
            .withCapAdd(SUPERVISOR_CAPABILITIES.toArray(Capability[]::new))
            .withSecurityOpts(List.of("no-new-privileges"))
            .withMemory(memory)
            .withMemorySwap(memory)
            .withMemorySwappiness(0L)
            .withNanoCPUs(Math.round(flavour.cpus() * 1_000_000_000L))
            .withPidsLimit(flavour.pids())
            .withUlimits(List.of(new Ulimit("core", 0, 0)))
            .withAutoRemove(true)
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, Map.of()));
    String id;
    try {
      id =
          calls.time(
              "create",
              () ->
                  docker
                      .createContainerCmd(image)
                      .withLabels(
                          Map.of(LABEL_SANDBOX, "true", LABEL_NODE, nodeName, LABEL_SESSION, label))
                      .withName("autograder-" + UUID.randomUUID())
                      .withUser("0:0")
                      .withWorkingDir("/")
                      .withNetworkDisabled(true)
                      .withEntrypoint(
                          SupervisorVolume.BINARY,
                          "--uid-base",
                          String.valueOf(RUN_UID_BASE),
                          "--idle-timeout",
                          String.valueOf(IDLE_TIMEOUT.toSeconds()))
                      .withCmd(List.of())
                      .withStdinOpen(true)
                      .withStdInOnce(true)
                      .withAttachStdin(true)
                      .withAttachStdout(true)
                      .withAttachStderr(true)
                      .withTty(false)
                      .withHostConfig(host)
                      .exec()
                      .getId());
    } catch (RuntimeException e) {
      throw new SandboxFailure(
          "could not create a sandbox from " + image + ": " + e.getMessage(), e);
    }
    try {
      calls.time("start", () -> docker.startContainerCmd(id).exec());
      return id;
    } catch (RuntimeException e) {
      removeContainer(id);
      throw new SandboxFailure(
          "could not start a sandbox from " + image + ": " + e.getMessage(), e);
    }
  }

  private static String tmpfs(long bytes, String mode) {
    return "rw,nosuid,nodev,exec,size="
        + bytes
        + ",nr_inodes="
        + Math.max(1024, bytes / BYTES_PER_INODE)
        + ",mode="
        + mode;
  }

  /**
   * The image's own environment (an assignment image may add to its PATH): every run starts from
   * it.
   */
  private List<String> environment(String image) {
    return imageEnvironments.computeIfAbsent(
        image,
        i -> {
          String[] env = docker.inspectImageCmd(i).exec().getConfig().getEnv();
          return env == null ? List.of() : List.of(env);
        });
  }

  private void removeContainer(String id) {
    try {
      calls.time(
          "remove",
          () -> docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
    } catch (NotFoundException e) {
      // Already gone: it removes itself when it exits.
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("is already in progress")) {
        log.warn("could not remove container {}: {}", id, e.getMessage());
      }
    }
  }
}
