package dev.autograder.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import dev.autograder.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox supervisor's binary, compiled from the C source this jar carries with the grading
 * image's own gcc (statically, so that it runs in any image built on it) into a named volume that
 * every sandbox mounts read-only. The volume is named by the source's hash: a runner of a new
 * version builds its own, and nodes of one version on one engine share it. A build writes a
 * temporary file and renames it, so a sandbox never sees half a binary even while another node
 * builds the same one.
 */
final class SupervisorVolume {
  private static final Logger log = LoggerFactory.getLogger(SupervisorVolume.class);

  static final String MOUNT = "/opt/autograder-supervisor";
  static final String BINARY = MOUNT + "/supervisor";
  static final String LABEL = "autograder.supervisor";
  private static final String SOURCE = "supervisor/supervisor.c";

  /** Constant text: nothing in it comes from a submission or an assignment. */
  private static final String BUILD =
      "set -e; [ -x /out/supervisor ] && /out/supervisor --version >/dev/null && exit 0;"
          + " t=/out/.build-$(hostname); rm -rf \"$t\"; mkdir \"$t\"; cp /out/src/supervisor.c \"$t\"/;"
          + " gcc -static -O2 -Wall -Wextra -o \"$t\"/supervisor \"$t\"/supervisor.c;"
          + " mv -f \"$t\"/supervisor /out/supervisor; rm -rf \"$t\"";

  /** A build takes seconds; a build container this old was left by a node that died mid-build. */
  private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

  private SupervisorVolume() {}

  /** The C source, as packaged with the runner. */
  static byte[] source() {
    try (InputStream in = SupervisorVolume.class.getClassLoader().getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the supervisor's source " + SOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the supervisor's source", e);
    }
  }

  /** The volume's name for this runner's supervisor. */
  static String name() {
    return "autograder-supervisor-" + ContentHash.sha256(source()).substring(0, 16);
  }

  /**
   * Makes sure the volume holds a working supervisor, compiling it with {@code image}'s gcc when it
   * does not. Blocks for the build (a few seconds) the first time on an engine.
   */
  static String ensure(DockerClient docker, String image) {
    return ensure(docker, image, ABANDONED_AFTER);
  }

  /**
   * As {@link #ensure(DockerClient, String)}, taking build containers older than {@code
   * abandonedAfter} as abandoned.
   */
  static String ensure(DockerClient docker, String image, Duration abandonedAfter) {
    String volume = name();
    removeAbandonedBuilds(docker, volume, abandonedAfter);
    docker.createVolumeCmd().withName(volume).withLabels(Map.of(LABEL, volume)).exec();
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(new Bind(volume, new Volume("/out")))
            .withNetworkMode("none")
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, Map.of()));
    String id =
        docker
            .createContainerCmd(image)
            .withUser("0:0")
            .withEntrypoint("sh", "-c", BUILD)
            .withCmd(List.of())
            .withLabels(Map.of(LABEL, volume))
            .withNetworkDisabled(true)
            .withHostConfig(host)
            .exec()
            .getId();
    try {
      docker
          .copyArchiveToContainerCmd(id)
          .withRemotePath("/out")
          .withTarInputStream(new ByteArrayInputStream(tar("src/supervisor.c", source())))
          .exec();
      docker.startContainerCmd(id).exec();
      int status = docker.waitContainerCmd(id).start().awaitStatusCode(5, TimeUnit.MINUTES);
      if (status != 0) {
        throw new SandboxFailure(
            "building the sandbox supervisor in "
                + image
                + " failed with status "
                + status
                + " (does the image have gcc and static libc?)",
            null);
      }
      log.debug("the sandbox supervisor is ready in volume {}", volume);
      return volume;
    } catch (IOException e) {
      throw new SandboxFailure(
          "could not hand the supervisor's source to the engine: " + e.getMessage(), e);
    } finally {
      try {
        docker.removeContainerCmd(id).withForce(true).exec();
      } catch (NotFoundException e) {
        // Already removed: nothing is left to clean.
      }
    }
  }

  /**
   * Build containers left by a node killed while it built. Only old ones: a young one, running or
   * not, may be another node's build on the same engine, which removes its own container.
   */
  private static void removeAbandonedBuilds(
      DockerClient docker, String volume, Duration abandonedAfter) {
    long before = Instant.now().minus(abandonedAfter).getEpochSecond();
    for (var c :
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(LABEL, volume))
            .exec()) {
      if (c.getCreated() == null || c.getCreated() > before) {
        continue;
      }
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (RuntimeException e) {
        log.debug(
            "an abandoned supervisor build {} went away meanwhile: {}", c.getId(), e.getMessage());
      }
    }
  }

  private static byte[] tar(String path, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      TarArchiveEntry dir = new TarArchiveEntry(path.substring(0, path.indexOf('/') + 1));
      dir.setMode(040755);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      TarArchiveEntry file = new TarArchiveEntry(path);
      file.setMode(0100644);
      file.setSize(content.length);
      tar.putArchiveEntry(file);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    return out.toByteArray();
  }
}
