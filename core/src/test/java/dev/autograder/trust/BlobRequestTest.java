package dev.autograder.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.testing.TestCredentials;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlobRequestTest {
  private static final String HASH = "a".repeat(64);

  private static NodeIdentity identity(Path dir) {
    return NodeIdentity.of(dir.resolve("tls.key"), dir.resolve("tls.crt"));
  }

  private static Optional<String> refusal(Map<String, String> headers, String hash, Instant now) {
    List<X509Certificate> cas = NodeIdentity.trustedCas(TestCredentials.cluster().resolve("ca.crt"));
    return BlobRequest.refusal(cas, hash, name -> Optional.ofNullable(headers.get(name)), now);
  }

  private static void assertRefused(Map<String, String> headers, String because) {
    String reason = refusal(headers, HASH, Instant.now()).orElseThrow(() -> new AssertionError("the blob was handed out"));
    assertTrue(reason.contains(because), reason);
  }

  @Test
  void aRequestSignedWithARunnersKeyGetsItsBlob() {
    Map<String, String> signed = BlobRequest.sign(identity(TestCredentials.cluster().resolve("runner")), HASH, Instant.now());
    assertEquals(Optional.empty(), refusal(signed, HASH, Instant.now()));
  }

  @Test
  void anUnsignedRequestOrOneFromAnotherRoleOrClusterIsRefused() {
    assertRefused(Map.of(), "not signed");
    assertRefused(BlobRequest.sign(identity(TestCredentials.cluster().resolve("scheduler")), HASH, Instant.now()),
        "not enough for [runner]");
    assertRefused(BlobRequest.sign(identity(TestCredentials.make("other-ca").resolve("runner")), HASH, Instant.now()),
        "not issued by the cluster's CA");
  }

  @Test
  void aSignatureOpensOnlyItsOwnBlobAndOnlyForAWhile() {
    Map<String, String> signed = BlobRequest.sign(identity(TestCredentials.cluster().resolve("runner")), HASH, Instant.now());
    assertTrue(refusal(signed, "b".repeat(64), Instant.now()).orElseThrow().contains("does not match"));
    assertTrue(refusal(signed, HASH, Instant.now().plus(BlobRequest.MAX_AGE).plusSeconds(5)).orElseThrow()
        .contains("too far from now"));
    Map<String, String> backdated = new HashMap<>(signed);
    backdated.put(BlobRequest.SIGNED_AT, String.valueOf(Instant.now().toEpochMilli() + 1));
    assertRefused(backdated, "does not match");
  }
}
