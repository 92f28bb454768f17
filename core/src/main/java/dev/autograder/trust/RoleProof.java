package dev.autograder.trust;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A node's proof that its certificate lets it take its cluster roles: the certificate and a
 * signature with the node's key over its roles, its address and the time. It travels in the node's
 * config to the node it joins through, whose {@link RoleProofChecker} refuses the join unless the
 * proof holds; TLS alone lets any node with a certificate from the cluster's CA in, whatever roles
 * it claims.
 */
public final class RoleProof {
  static final String PATH = "autograder.cluster.role-proof";
  static final String ROLES = "pekko.cluster.roles";
  static final String HOST = "pekko.remote.artery.canonical.hostname";
  static final String PORT = "pekko.remote.artery.canonical.port";

  /** Where the checker finds the CA: Pekko keeps its TLS settings from the config a check sees. */
  static final String CA_FILE = "autograder.cluster.trust.ca-file";

  private RoleProof() {}

  /**
   * The node's config with its proof, made now; unchanged without the TLS transport. Throws when
   * the node's certificate does not name its roles, so that the operator reads why at once.
   */
  public static Config attach(Config config) {
    Optional<NodeIdentity> found = NodeIdentity.fromConfig(config);
    if (found.isEmpty()) {
      return config;
    }
    NodeIdentity identity = found.get();
    List<String> roles = config.getStringList(ROLES);
    requireCertified(identity, roles);
    Instant now = Instant.now();
    String signature =
        identity.sign(payload(config.getString(HOST), config.getInt(PORT), roles, now));
    return config
        .withValue(
            PATH,
            ConfigValueFactory.fromMap(
                Map.of(
                    "certificate",
                    identity.certificate(),
                    "signature",
                    signature,
                    "signed-at",
                    now.toEpochMilli())))
        .withValue(
            CA_FILE,
            ConfigValueFactory.fromAnyRef(NodeIdentity.caFile(config).orElseThrow().toString()));
  }

  /** Throws when the node's certificate does not name the cluster roles it is configured with. */
  public static void requireCertified(NodeIdentity identity, List<String> roles) {
    if (!NodeIdentity.covers(identity.roles(), roles)) {
      throw new IllegalStateException(
          "the node's certificate names the roles "
              + identity.roles()
              + ", which do not cover its cluster roles "
              + roles
              + ": give it the credentials of its role"
              + " (the scheduler/ or runner/ directory made by scripts/cluster-credentials.sh)");
    }
  }

  /** Why the proof in a joining node's config does not hold, or empty when it does. */
  public static Optional<String> refusal(
      Config joining, List<X509Certificate> cas, Instant now, Duration maxAge) {
    if (!joining.hasPath(PATH)
        || !joining.hasPath(ROLES)
        || !joining.hasPath(HOST)
        || !joining.hasPath(PORT)) {
      return Optional.of("the joining node presents no proof of its roles");
    }
    try {
      Config proof = joining.getConfig(PATH);
      List<String> roles = joining.getStringList(ROLES);
      Instant signedAt = Instant.ofEpochMilli(proof.getLong("signed-at"));
      NodeIdentity.verifyFor(
          roles,
          cas,
          proof.getString("certificate"),
          payload(joining.getString(HOST), joining.getInt(PORT), roles, signedAt),
          proof.getString("signature"),
          signedAt,
          now,
          maxAge);
      return Optional.empty();
    } catch (NodeIdentity.UntrustedException e) {
      return Optional.of("its proof of its roles does not hold: " + e.getMessage());
    } catch (RuntimeException e) {
      return Optional.of("its proof of its roles is malformed: " + e.getMessage());
    }
  }

  static String payload(String host, int port, List<String> roles, Instant signedAt) {
    return "autograder role proof\n"
        + host
        + ":"
        + port
        + "\n"
        + String.join(",", new TreeSet<>(roles))
        + "\n"
        + signedAt.toEpochMilli();
  }
}
