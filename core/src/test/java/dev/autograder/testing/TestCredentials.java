package dev.autograder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cluster credentials for this test run, made under the module's target/ by the script an operator
 * uses (modules sit one level below the repository).
 */
public final class TestCredentials {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static Path cluster;

  private TestCredentials() {}

  /** The credentials every node of this run's clusters gets. */
  public static synchronized Path cluster() {
    if (cluster == null) {
      cluster = make("cluster");
    }
    return cluster;
  }

  /** Fresh credentials with a CA of their own: those of another cluster. */
  public static Path make(String name) {
    try {
      Path dir =
          Files.createTempDirectory(Files.createDirectories(Path.of("target", "tls")), name + "-");
      Process p =
          new ProcessBuilder(
                  REPO.resolve("scripts/cluster-credentials.sh").toString(), dir.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException("scripts/cluster-credentials.sh failed: " + out);
      }
      return dir.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
