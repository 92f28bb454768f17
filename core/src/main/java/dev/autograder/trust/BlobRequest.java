package dev.autograder.trust;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A runner's request for a blob, signed with its node key: with the TLS transport the API hands a
 * blob (a spec with hidden answers, a student's files) only to a runner certificate's holder, not
 * to whoever learnt the cluster's shared secret.
 */
public final class BlobRequest {
  public static final String CERTIFICATE = "X-Autograder-Node-Certificate";
  public static final String SIGNATURE = "X-Autograder-Node-Signature";
  public static final String SIGNED_AT = "X-Autograder-Signed-At";
  /** Long enough for a slow request, short enough that a captured one soon stops working. */
  static final Duration MAX_AGE = Duration.ofMinutes(2);

  private BlobRequest() {}

  /** The headers that sign a request for the blob {@code hash}. */
  public static Map<String, String> sign(NodeIdentity identity, String hash, Instant now) {
    return Map.of(CERTIFICATE, identity.certificate(), SIGNATURE, identity.sign(payload(hash, now)),
        SIGNED_AT, String.valueOf(now.toEpochMilli()));
  }

  /** Why a request for {@code hash} with these headers is refused; empty when a runner signed it. */
  public static Optional<String> refusal(List<X509Certificate> cas, String hash,
      Function<String, Optional<String>> header, Instant now) {
    Optional<String> certificate = header.apply(CERTIFICATE);
    Optional<String> signature = header.apply(SIGNATURE);
    Optional<String> signedAt = header.apply(SIGNED_AT);
    if (certificate.isEmpty() || signature.isEmpty() || signedAt.isEmpty()) {
      return Optional.of("the request is not signed with a node's key");
    }
    try {
      Instant at = Instant.ofEpochMilli(Long.parseLong(signedAt.get()));
      NodeIdentity.verifyFor(List.of("runner"), cas, certificate.get(), payload(hash, at), signature.get(), at, now,
          MAX_AGE);
      return Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.of("the signing time is not a number");
    } catch (NodeIdentity.UntrustedException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static String payload(String hash, Instant signedAt) {
    return "autograder blob\n" + hash + "\n" + signedAt.toEpochMilli();
  }
}
