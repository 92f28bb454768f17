package dev.autograder.grader;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.autograder.flavour.Flavour;
import dev.autograder.sandbox.SandboxFailure;
import dev.autograder.script.AutograderArchive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds the image of a Gradescope-style autograder on top of the grading image: the archive under
 * /autograder/source, run_autograder at /autograder/run_autograder, and setup.sh run once, as root,
 * at build time (on the flavour's setup network: the host's, for Debian packages, or none). Images
 * are tagged by the archive's hash and that network, so each version is built once per runner
 * machine. What setup.sh leaves under /autograder is kept, readable by all, under {@link
 * #DISTRIBUTION}: a sandbox mounts a fresh tmpfs on /autograder and each harness run copies it from
 * there.
 */
final class AssignmentImages {
  static final String DISTRIBUTION = "/opt/autograder-dist";
  private static final long MAX_ARCHIVE_BYTES = 256L * 1024 * 1024;
  private static final long BUILD_MINUTES = 20;

  private final DockerClient docker;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  AssignmentImages(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * An autograder's image on this machine.
   *
   * @param log the build's output (setup.sh's among it), or a line saying the image was there
   *     already
   */
  record Image(String tag, String log) {}

  /**
   * The image, built first (setup.sh on {@code network}) when this machine does not have it.
   * Blocks.
   */
  Image ensure(
      String autograderHash, byte[] archive, String baseImage, Flavour.SetupNetwork network) {
    // The version before the hash names the image's layout: older images lack the distribution.
    String tag =
        "autograder-script:2-"
            + network.name().toLowerCase()
            + "-"
            + autograderHash.substring(0, 24);
    synchronized (locks.computeIfAbsent(tag, t -> new Object())) {
      try {
        docker.inspectImageCmd(tag).exec();
        return new Image(tag, "the image " + tag + " was built before on this runner\n");
      } catch (NotFoundException missing) {
        return new Image(tag, build(tag, archive, baseImage, network));
      }
    }
  }

  private String build(String tag, byte[] archive, String baseImage, Flavour.SetupNetwork network) {
    byte[] context;
    try {
      context = context(archive, baseImage);
    } catch (IOException | AutograderArchive.InvalidAutograderException e) {
      throw new SetupFailure("the autograder archive cannot be used: " + e.getMessage());
    }
    StringBuilder log = new StringBuilder();
    try {
      BuildImageResultCallback callback =
          new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
              if (item.getStream() != null && log.length() < 200_000) {
                log.append(item.getStream());
              }
              super.onNext(item);
            }
          };
      docker
          .buildImageCmd(new ByteArrayInputStream(context))
          .withTags(Set.of(tag))
          .withNetworkMode(network == Flavour.SetupNetwork.HOST ? "host" : "none")
          // The engine's build cache does not know the network: a layer setup.sh made without one
          // must not stand in for one made with it (the tag already caches what may be cached).
          .withNoCache(true)
          .withPull(false)
          .withRemove(true)
          .withForcerm(true)
          .exec(callback)
          .awaitImageId(BUILD_MINUTES, TimeUnit.MINUTES);
      return log.toString();
    } catch (DockerClientException e) {
      // The engine ran the build and a step of it failed: the autograder's fault, the same each
      // time.
      throw new SetupFailure(
          "building the autograder's image (setup.sh) failed: "
              + e.getMessage()
              + "\n"
              + Feedback.tail(log.toString()));
    } catch (RuntimeException e) {
      throw new SandboxFailure(
          "the engine could not build the autograder's image: " + e.getMessage(), e);
    }
  }

  /** The build context: a Dockerfile and the archive's files under source/. */
  private static byte[] context(byte[] archive, String baseImage) throws IOException {
    String dockerfile =
        "FROM "
            + baseImage
            + "\n"
            + "USER root\n"
            + "COPY source /autograder/source\n"
            + "RUN cp /autograder/source/run_autograder /autograder/run_autograder"
            + " && chmod 755 /autograder/run_autograder"
            + " && cd /autograder/source && bash ./setup.sh\n"
            + "RUN cp -a /autograder "
            + DISTRIBUTION
            + " && chmod -R a+rX "
            + DISTRIBUTION
            + "\n"
            + "USER 10001:10001\n"
            + "WORKDIR /autograder\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      put(tar, "Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), 0644);
      for (var f : AutograderArchive.files(archive, MAX_ARCHIVE_BYTES).entrySet()) {
        put(tar, "source/" + f.getKey(), f.getValue(), 0755);
      }
    }
    return out.toByteArray();
  }

  private static void put(TarArchiveOutputStream tar, String path, byte[] content, int mode)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(path);
    e.setMode(0100000 | mode);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
