package dev.autograder.trust;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a node that joins with cluster roles its certificate does not name (see {@link
 * RoleProof}). Pekko runs a checker twice: on the member a node joins through, with the joining
 * node's config, and on the joining node, with that member's. Only the first matters (the joining
 * node chose its seeds); they are told apart by {@code autograder.cluster.trust.joining}, which
 * every node sets and lists as sensitive, so that the member's own config as Pekko hands it to the
 * check lacks it. Pekko enforces the outcome on the joining node, which may be set not to ({@code
 * enforce-on-join}); {@link RoleVetting} downs such a node once it has joined.
 */
public final class RoleProofChecker extends JoinConfigCompatChecker {
  static final String JOINING_SIDE = "autograder.cluster.trust.joining";

  @Override
  public scala.collection.immutable.Seq<String> requiredKeys() {
    return CollectionConverters.asScala(
            List.of(RoleProof.ROLES, RoleProof.HOST, RoleProof.PORT, RoleProof.PATH))
        .toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actual) {
    if (actual.hasPath(JOINING_SIDE) || !NodeIdentity.usesTls(actual)) {
      // This node joins, or it runs without TLS (development): it has no proof to ask for.
      return Valid.getInstance();
    }
    if (!actual.hasPath(RoleProof.CA_FILE)) {
      return invalid("this node was started without RoleProof.attach, so it cannot check roles");
    }
    return RoleProof.refusal(
            toCheck,
            NodeIdentity.trustedCas(Path.of(actual.getString(RoleProof.CA_FILE))),
            Instant.now(),
            actual.getDuration("autograder.cluster.role-proof-max-age"))
        .map(RoleProofChecker::invalid)
        .orElse(Valid.getInstance());
  }

  private static ConfigValidation invalid(String reason) {
    return Invalid.apply(CollectionConverters.asScala(List.of(reason)).toList());
  }
}
