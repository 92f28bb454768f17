package dev.autograder.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.autograder.NodeConfig;
import dev.autograder.testing.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCredentialsTest {
  private static final String PEM = "pekko.remote.artery.ssl.rotating-keys-engine.";

  private static Config node(Map<String, String> settings) {
    return NodeConfig.load(ConfigFactory.parseMap(settings));
  }

  @Test
  void everyNodeTalksTlsAndFindsItsFilesInOneDirectory(@TempDir Path dir) {
    Config config = node(Map.of(PEM + "secret-mount-point", dir.toString()));
    assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
    assertEquals(dir.resolve("tls.key").toString(), config.getString(PEM + "key-file"));
    assertEquals(dir.resolve("tls.crt").toString(), config.getString(PEM + "cert-file"));
    assertEquals(dir.resolve("ca.crt").toString(), config.getString(PEM + "ca-cert-file"));
  }

  @Test
  void aNodeWithoutItsKeyOrCertificateRefusesToStart(@TempDir Path dir) throws Exception {
    Config config = node(Map.of(PEM + "secret-mount-point", dir.toString()));
    Files.writeString(dir.resolve("tls.crt"), "");
    Files.writeString(dir.resolve("ca.crt"), "");
    var missing =
        assertThrows(IllegalStateException.class, () -> ClusterCredentials.require(config));
    assertTrue(missing.getMessage().contains("tls.key"), missing.getMessage());
    Files.writeString(dir.resolve("tls.key"), "");
    var unreadable =
        assertThrows(IllegalStateException.class, () -> ClusterCredentials.require(config));
    assertTrue(unreadable.getMessage().contains("cannot be read"), unreadable.getMessage());
    ClusterCredentials.require(
        node(
            Map.of(
                PEM + "secret-mount-point",
                TestCredentials.cluster().resolve("runner").toString())));
  }

  @Test
  void aNodeWhoseCertificateDoesNotNameItsRolesRefusesToStart() {
    Config scheduler =
        node(Map.of(
                PEM + "secret-mount-point", TestCredentials.cluster().resolve("runner").toString()))
            .withValue(
                "pekko.cluster.roles",
                ConfigValueFactory.fromIterable(List.of("scheduler", "api")));
    var refused =
        assertThrows(IllegalStateException.class, () -> ClusterCredentials.require(scheduler));
    assertTrue(
        refused.getMessage().contains("do not cover its cluster roles [scheduler, api]"),
        refused.getMessage());
  }
}
