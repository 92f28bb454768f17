package dev.autograder.trust;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a node needs to be let into its cluster: with the TLS transport, its key, its certificate
 * naming its roles, and the cluster's CA. A node checks them before it starts, because Pekko reads
 * the TLS files only when a connection opens, and a node without them would start, then fail every
 * connection with a message far from the cause.
 */
public final class ClusterCredentials {
  private static final String PEM = "pekko.remote.artery.ssl.rotating-keys-engine.";

  private ClusterCredentials() {}

  /**
   * Throws when a credential is missing or its certificate does not name the node's cluster roles.
   */
  public static void require(Config config) {
    if (!config.getString("pekko.remote.artery.transport").equals("tls-tcp")) {
      return;
    }
    for (String file : new String[] {"key-file", "cert-file", "ca-cert-file"}) {
      Path path = Path.of(config.getString(PEM + file));
      if (!Files.isReadable(path)) {
        throw new IllegalStateException(
            "the cluster's TLS "
                + file
                + " "
                + path
                + " is not readable: set"
                + " AUTOGRADER_TLS_DIR to a directory made by scripts/cluster-credentials.sh");
      }
    }
    RoleProof.requireCertified(
        NodeIdentity.fromConfig(config).orElseThrow(), config.getStringList("pekko.cluster.roles"));
  }
}
