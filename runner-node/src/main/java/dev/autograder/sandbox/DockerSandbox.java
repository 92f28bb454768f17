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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
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
 * <p>Every call here blocks: run it on the runner's sandbox dispatcher, never on the default one.
 */
public final class DockerSandbox implements Sandbox {
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
   * Wraps each step: stdin from a file, stdout and stderr to files (capped by the file-size limit
   * as they are written), and GNU time measuring the program. The container exits with the program.
   */
  private static final String STEP_SCRIPT =
      "g=" + WORK + "/" + GRADING_DIR + "; rm -f $g/usage; exec /usr/bin/time -f '%e %U %S %M' -o $g/usage \"$@\""
          + " <$g/stdin >$g/stdout 2>$g/stderr";

  private final DockerClient docker;
  private final String nodeName;

  private DockerSandbox(DockerClient docker, String nodeName) {
    this.docker = docker;
    this.nodeName = nodeName;
  }

  /** Connects to the engine named by DOCKER_HOST, or the local socket. */
  public static DockerSandbox connect(String nodeName) {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(10))
            .build();
    return new DockerSandbox(DockerClientImpl.getInstance(config, http), nodeName);
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
    String id = UUID.randomUUID().toString();
    Volumes volumes = new Volumes("autograder-" + id, "autograder-io-" + id);
    Map<String, String> labels = labels(label);
    String keeper = null;
    try {
      createTmpfsVolume(volumes.work(), flavour.workBytes(), labels);
      // Room for stdout and stderr at the output limit each, and a compiler's or harness's chatter.
      createTmpfsVolume(volumes.io(), Math.max(4 * flavour.outputLimitBytes(), 16L * 1024 * 1024), labels);
      keeper = startKeeper(image, volumes, labels);
    } catch (RuntimeException e) {
      if (keeper != null) {
        removeContainer(keeper);
      }
      removeVolume(volumes.work());
      removeVolume(volumes.io());
      throw new SandboxFailure("could not prepare the sandbox from " + image + ": " + e.getMessage(), e);
    }
    return new DockerSession(flavour, image, volumes, keeper, label, files);
  }

  /** The keeper only holds the tmpfs volumes mounted between steps: no network, few processes, little memory. */
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
            // Not fewer: with 2 pids keepers exited with status 2 under load (most likely the
            // runtime's Go init failing to start a thread), their volumes were unmounted, and the
            // next step ran in an empty /work and was graded as a compile error.
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

    DockerSession(Flavour flavour, String image, Volumes volumes, String keeper, String label,
        Map<String, byte[]> files) {
      this.flavour = flavour;
      this.image = image;
      this.volumes = volumes;
      this.keeper = keeper;
      this.label = label;
      this.pendingFiles = files;
    }

    @Override
    public StepOutcome run(SandboxStep step) {
      String id = null;
      try {
        Map<String, byte[]> files = new LinkedHashMap<>(pendingFiles);
        files.putAll(step.files());
        files.put(GRADING_DIR + "/stdin", step.stdin());
        byte[] tar = tar(files);
        id = startedOnce(() -> create(step), created -> docker.copyArchiveToContainerCmd(created).withRemotePath(WORK)
            .withTarInputStream(new ByteArrayInputStream(tar)).exec());
        pendingFiles = Map.of();
        return outcome(id, step, System.nanoTime());
      } catch (DockerClientException | IOException e) {
        throw new SandboxFailure("the sandbox failed: " + e.getMessage(), e);
      } catch (SandboxFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw new SandboxFailure("the sandbox failed: " + e, e);
      } finally {
        if (id != null) {
          removeContainer(id);
        }
      }
    }

    private String create(SandboxStep step) {
      long memory = flavour.memoryBytes();
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
                      new Ulimit("fsize", step.fileSizeLimit(), step.fileSizeLimit()),
                      new Ulimit("nofile", flavour.openFiles(), flavour.openFiles()),
                      new Ulimit("core", 0, 0)))
              .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, Map.of()));
      List<String> cmd = new ArrayList<>(List.of("sh", "-c", STEP_SCRIPT, "step"));
      cmd.addAll(step.command());
      try {
        return docker
            .createContainerCmd(image)
            .withLabels(labels(label))
            .withUser(USER)
            .withWorkingDir(step.workingDir())
            .withNetworkDisabled(true)
            .withEnv("HOME=/tmp", "LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin:/bin")
            .withHostConfig(host)
            .withCmd(cmd)
            .exec()
            .getId();
      } catch (RuntimeException e) {
        throw new SandboxFailure("could not create a container from " + image + ": " + e.getMessage(), e);
      }
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
      Map<String, byte[]> grading = collect(id, GRADING_DIR, cap);
      Map<String, byte[]> collected = new HashMap<>();
      for (String path : step.collect()) {
        collect(id, path, cap).values().stream().findFirst().ifPresent(content -> collected.put(path, content));
      }
      byte[] stdout = grading.getOrDefault("stdout", new byte[0]);
      byte[] stderr = grading.getOrDefault("stderr", new byte[0]);
      boolean limitReached = stdout.length > cap || stderr.length > cap;
      Usage measured = Usage.parse(new String(grading.getOrDefault("usage", new byte[0]), StandardCharsets.UTF_8));
      // The engine's timestamps have nanosecond precision; GNU time's elapsed only centiseconds.
      long wall = wallFromState(state, measured.wallMillis >= 0 ? measured.wallMillis : hostMillis);
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

    private void kill(String id) {
      try {
        docker.killContainerCmd(id).exec();
      } catch (NotModifiedException | NotFoundException | ConflictException e) {
        // It exited on its own between the timeout and the kill.
      }
      docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      removeContainer(keeper);
      removeVolume(volumes.work());
      removeVolume(volumes.io());
    }
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
