package dev.autograder.sandbox;

import com.typesafe.config.ConfigFactory;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.testing.RequiredService;

/** The sandbox tests' flavour and engine: small limits so that limit tests finish quickly. */
public final class TestFlavours {
  private TestFlavours() {}

  public static Flavour small() {
    return FlavourCatalog.fromConfig(ConfigFactory.parseString("""
        autograder.flavours.test {
          cpus = 1.0
          memory = 256 MiB
          pids = 64
          wall-time = 3s
          compile-wall-time = 60s
          output-limit = 64 KiB
          tmp-size = 8 MiB
          work-size = 16 MiB
        }
        """).withFallback(ConfigFactory.load())).get("test");
  }

  /** A sandbox on the local engine, or a skipped test (a failed one under CI=true). */
  public static DockerSandbox engine(String nodeName) {
    return engine(nodeName, 0);
  }

  /** The same with a warm pool of {@code warmSessions} sessions per flavour. */
  public static DockerSandbox engine(String nodeName, int warmSessions) {
    DockerSandbox sandbox = DockerSandbox.connect(nodeName, warmSessions);
    RequiredService.require("the Docker engine", sandbox::engineAnswers);
    RequiredService.require("the grading image (scripts/build-grading-image.sh)",
        () -> sandbox.hasImage(small().image()));
    return sandbox;
  }
}
