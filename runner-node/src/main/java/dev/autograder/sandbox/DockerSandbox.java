package dev.autograder.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
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
import dev.autograder.submission.SubmittedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every step in a fresh Docker container: network none, read-only root, all capabilities
 * dropped, no-new-privileges, an unprivileged user, memory without swap, a CPU quota, a pids limit,
 * file-size and open-files limits and a small /tmp tmpfs. The steps of one session share a named
 * volume on /work, which is removed with the session.
 *
 * <p>Every call here blocks: run it on the runner's sandbox dispatcher, never on the default one.
 */
public final class DockerSandbox implements Sandbox {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);

  static final String LABEL_SANDBOX = "autograder.sandbox";
  static final String LABEL_NODE = "autograder.node";
  static final String LABEL_SESSION = "autograder.session";
  static final String USER = "10001:10001";
  static final int UID = 10001;
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
      "rm -f .grading/usage; exec /usr/bin/time -f '%e %U %S %M' -o .grading/usage \"$@\""
          + " <.grading/stdin >.grading/stdout 2>.grading/stderr";

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
  public Session open(Flavour flavour, List<SubmittedFile> files, String label) {
    String volume = "autograder-" + UUID.randomUUID();
    try {
      docker
          .createVolumeCmd()
          .withName(volume)
          .withLabels(Map.of(LABEL_SANDBOX, "true", LABEL_NODE, nodeName, LABEL_SESSION, label))
          .exec();
    } catch (RuntimeException e) {
      throw new SandboxFailure("could not create the work volume: " + e.getMessage(), e);
    }
    return new DockerSession(flavour, volume, label, files);
  }

  private final class DockerSession implements Session {
    private final Flavour flavour;
    private final String volume;
    private final String label;
    /** Copied into the volume together with the first step's stdin. */
    private List<SubmittedFile> pendingFiles;

    DockerSession(Flavour flavour, String volume, String label, List<SubmittedFile> files) {
      this.flavour = flavour;
      this.volume = volume;
      this.label = label;
      this.pendingFiles = files;
    }

    @Override
    public StepOutcome run(SandboxStep step) {
      String id = create(step);
      try {
        docker
            .copyArchiveToContainerCmd(id)
            .withRemotePath(WORK)
            .withTarInputStream(new ByteArrayInputStream(workTar(pendingFiles, step.stdin())))
            .exec();
        pendingFiles = List.of();
        return runCreated(id, step);
      } catch (DockerClientException | IOException e) {
        throw new SandboxFailure("the sandbox failed: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw e instanceof SandboxFailure ? e : new SandboxFailure("the sandbox failed: " + e, e);
      } finally {
        removeContainer(id);
      }
    }

    private String create(SandboxStep step) {
      long memory = flavour.memoryBytes();
      HostConfig host =
          HostConfig.newHostConfig()
              .withBinds(new Bind(volume, new Volume(WORK)))
              .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,exec,size=" + flavour.workTmpfsBytes()))
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
              .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, Map.of()))
              .withInit(false);
      List<String> cmd = new ArrayList<>(List.of("sh", "-c", STEP_SCRIPT, "step"));
      cmd.addAll(step.command());
      try {
        return docker
            .createContainerCmd(flavour.image())
            .withLabels(Map.of(LABEL_SANDBOX, "true", LABEL_NODE, nodeName, LABEL_SESSION, label))
            .withUser(USER)
            .withWorkingDir(WORK)
            .withNetworkDisabled(true)
            .withEnv("HOME=/tmp", "LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin:/bin")
            .withHostConfig(host)
            .withCmd(cmd)
            .exec()
            .getId();
      } catch (RuntimeException e) {
        throw new SandboxFailure("could not create a container from " + flavour.image() + ": " + e.getMessage(), e);
      }
    }

    private StepOutcome runCreated(String id, SandboxStep step) throws IOException {
      docker.startContainerCmd(id).exec();
      long started = System.nanoTime();
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
      byte[] stdout = new byte[0];
      byte[] stderr = new byte[0];
      String usage = "";
      boolean limitReached = false;
      try (InputStream tar = docker.copyArchiveFromContainerCmd(id, WORK + "/" + GRADING_DIR).exec();
          TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
          switch (name) {
            case "stdout" -> {
              stdout = in.readNBytes((int) Math.min(cap, Integer.MAX_VALUE - 8));
              limitReached |= e.getSize() > cap;
            }
            case "stderr" -> {
              stderr = in.readNBytes((int) Math.min(cap, Integer.MAX_VALUE - 8));
              limitReached |= e.getSize() > cap;
            }
            case "usage" -> usage = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            default -> {}
          }
        }
      }
      Usage measured = Usage.parse(usage);
      // The engine's timestamps have nanosecond precision; GNU time's elapsed only centiseconds.
      long wall = wallFromState(state, measured.wallMillis >= 0 ? measured.wallMillis : hostMillis);
      if (timedOut) {
        wall = Math.max(wall, step.wallLimit().toMillis());
      }
      log.debug("{} step {} exit {} wall {} ms{}{}", label, step.command(), exitCode, wall,
          timedOut ? " timed out" : "", oom ? " oom" : "");
      return new StepOutcome(exitCode, stdout, stderr, limitReached, timedOut, oom, wall,
          measured.cpuMillis, measured.peakKib);
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
      removeVolume(volume);
    }
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

  /** The tar copied into /work before a step: the submission's files (first step) and stdin. */
  static byte[] workTar(List<SubmittedFile> files, byte[] stdin) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TreeSet<String> dirs = new TreeSet<>(List.of(GRADING_DIR, BUILD_DIR));
      for (SubmittedFile f : files) {
        for (int i = f.path().indexOf('/'); i > 0; i = f.path().indexOf('/', i + 1)) {
          dirs.add(f.path().substring(0, i));
        }
      }
      for (String dir : dirs) {
        TarArchiveEntry e = new TarArchiveEntry(dir + "/");
        e.setMode(040755);
        owned(e);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      for (SubmittedFile f : files) {
        putFile(tar, f.path(), f.content());
      }
      putFile(tar, GRADING_DIR + "/stdin", stdin);
    }
    return out.toByteArray();
  }

  private static void putFile(TarArchiveOutputStream tar, String path, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(path);
    e.setMode(0100644);
    e.setSize(content.length);
    owned(e);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
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
