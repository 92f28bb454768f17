package dev.autograder.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.autograder.NodeConfig;
import dev.autograder.testing.TestCredentials;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.Valid;
import org.junit.jupiter.api.Test;

class RoleProofTest {
  private static final Duration MAX_AGE = Duration.ofMinutes(10);
  private static final List<String> RUNNER = List.of("runner", "flavour-python");
  private static final List<String> SCHEDULER = List.of("scheduler", "api");

  /** A node's config with the credentials in {@code dir} and these cluster roles. */
  private static Config node(Path dir, List<String> roles) {
    return NodeConfig.load(
        ConfigFactory.parseMap(
                Map.of(
                    "pekko.remote.artery.ssl.rotating-keys-engine.secret-mount-point",
                    dir.toString(),
                    "pekko.remote.artery.canonical.port",
                    25599))
            .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles)));
  }

  private static List<X509Certificate> ca() {
    return NodeIdentity.trustedCas(TestCredentials.cluster().resolve("ca.crt"));
  }

  private static Optional<String> refusal(Config joining) {
    return RoleProof.refusal(joining, ca(), Instant.now(), MAX_AGE);
  }

  private static void assertRefused(Config joining, String because) {
    String reason = refusal(joining).orElseThrow(() -> new AssertionError("the proof was taken"));
    assertTrue(reason.contains(because), reason);
  }

  @Test
  void aNodeProvesTheRolesItsCertificateNames() {
    Path cluster = TestCredentials.cluster();
    assertEquals(
        Optional.empty(), refusal(RoleProof.attach(node(cluster.resolve("runner"), RUNNER))));
    assertEquals(
        Optional.empty(), refusal(RoleProof.attach(node(cluster.resolve("scheduler"), SCHEDULER))));
    assertEquals(
        Optional.empty(),
        refusal(RoleProof.attach(node(cluster, SCHEDULER))),
        "the one-host certificate");
  }

  @Test
  void aNodeWhoseCertificateDoesNotNameItsRolesRefusesToStart() {
    var refused =
        assertThrows(
            IllegalStateException.class,
            () -> RoleProof.attach(node(TestCredentials.cluster().resolve("runner"), SCHEDULER)));
    assertTrue(refused.getMessage().contains("[runner]"), refused.getMessage());
  }

  @Test
  void aRunnerCertificateCannotProveTheSchedulerRole() {
    Path runner = TestCredentials.cluster().resolve("runner");
    Config config = node(runner, SCHEDULER);
    NodeIdentity identity = NodeIdentity.of(runner.resolve("tls.key"), runner.resolve("tls.crt"));
    Instant now = Instant.now();
    Config forged =
        config.withValue(
            RoleProof.PATH,
            ConfigValueFactory.fromMap(
                Map.of(
                    "certificate", identity.certificate(),
                    "signature",
                        identity.sign(RoleProof.payload("127.0.0.1", 25599, SCHEDULER, now)),
                    "signed-at", now.toEpochMilli())));
    assertRefused(forged, "not enough for [scheduler, api]");
  }

  @Test
  void aProofWhoseRolesWereChangedDoesNotHold() {
    Config proven = RoleProof.attach(node(TestCredentials.cluster().resolve("runner"), RUNNER));
    assertRefused(
        proven.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of("runner"))),
        "does not match");
    assertRefused(
        proven.withValue(
            "pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(25600)),
        "does not match");
  }

  @Test
  void aCertificateFromAnotherCaDoesNotHold() {
    Config other =
        RoleProof.attach(node(TestCredentials.make("other-ca").resolve("scheduler"), SCHEDULER));
    assertRefused(other, "not issued by the cluster's CA");
  }

  @Test
  void aStaleOrExpiredProofDoesNotHold() {
    Config proven = RoleProof.attach(node(TestCredentials.cluster().resolve("runner"), RUNNER));
    String stale =
        RoleProof.refusal(proven, ca(), Instant.now().plus(MAX_AGE).plusSeconds(5), MAX_AGE)
            .orElseThrow();
    assertTrue(stale.contains("too far from now"), stale);
    String expired =
        RoleProof.refusal(proven, ca(), Instant.now().plus(Duration.ofDays(900)), MAX_AGE)
            .orElseThrow();
    assertTrue(expired.contains("expired"), expired);
  }

  @Test
  void aNodeWithoutAProofIsRefused() {
    assertRefused(node(TestCredentials.cluster().resolve("runner"), RUNNER), "no proof");
  }

  @Test
  void theCheckerRefusesOnlyOnTheMemberANodeJoinsThrough() {
    RoleProofChecker checker = new RoleProofChecker();
    Config member =
        RoleProof.attach(node(TestCredentials.cluster().resolve("scheduler"), SCHEDULER));
    Config asPekkoHandsItToTheCheck = member.withoutPath(RoleProofChecker.JOINING_SIDE);
    Config rogue = node(TestCredentials.cluster().resolve("runner"), SCHEDULER);
    assertInstanceOf(Invalid.class, checker.check(rogue, asPekkoHandsItToTheCheck));
    Config runner = RoleProof.attach(node(TestCredentials.cluster().resolve("runner"), RUNNER));
    assertEquals(Valid.getInstance(), checker.check(runner, asPekkoHandsItToTheCheck));
    assertEquals(
        Valid.getInstance(),
        checker.check(rogue, member),
        "a joining node does not check its seed");
    Config plain =
        member.withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tcp"));
    assertEquals(
        Valid.getInstance(),
        checker.check(rogue, plain.withoutPath(RoleProofChecker.JOINING_SIDE)));
  }
}
