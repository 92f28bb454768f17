package dev.autograder.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import com.typesafe.config.ConfigFactory;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.testing.RequiredService;
import java.util.List;
import java.util.Map;

/** The sandbox tests' flavour and engine: small limits so that limit tests finish quickly. */
public final class TestFlavours {
  private TestFlavours() {}

  public static Flavour small() {
    return small("");
  }

  /** The same with other settings, given as HOCON keys of a flavour ("setup-network = NONE"). */
  public static Flavour small(String overrides) {
    return FlavourCatalog.fromConfig(
            ConfigFactory.parseString("autograder.flavours.test {" + overrides + "}")
                .withFallback(
                    ConfigFactory.parseString(
                        """
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
        """))
                .withFallback(ConfigFactory.load()))
        .get("test");
  }

  /** A sandbox on the local engine, or a skipped test (a failed one under CI=true). */
  public static DockerSandbox engine(String nodeName) {
    return engine(nodeName, 0);
  }

  /** The same with a warm pool of {@code warmSessions} sessions per flavour. */
  public static DockerSandbox engine(String nodeName, int warmSessions) {
    DockerSandbox sandbox = DockerSandbox.connect(nodeName, warmSessions);
    RequiredService.require("the Docker engine", sandbox::engineAnswers);
    RequiredService.require(
        "the grading image (scripts/build-grading-image.sh)",
        () -> sandbox.hasImage(small().image()));
    return sandbox;
  }

  /**
   * Fails when a container or volume of the node is still in the engine a few seconds after the
   * tests (a closed session's container removes itself once its supervisor has exited).
   */
  public static void assertNothingLeftBy(DockerClient docker, String nodeName)
      throws InterruptedException {
    var mine = Map.of(DockerSandbox.LABEL_NODE, nodeName);
    List<String> left = List.of();
    for (int i = 0; i < 50; i++) {
      left =
          docker.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec().stream()
              .map(c -> c.getId().substring(0, 12) + " " + c.getState())
              .toList();
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(List.of(), left, "containers left behind");
    var volumes =
        docker
            .listVolumesCmd()
            .withFilter("label", List.of(DockerSandbox.LABEL_NODE + "=" + nodeName))
            .exec()
            .getVolumes();
    assertEquals(0, volumes == null ? 0 : volumes.size(), "volumes left behind");
  }
}
