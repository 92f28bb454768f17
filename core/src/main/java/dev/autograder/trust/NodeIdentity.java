package dev.autograder.trust;

import com.typesafe.config.Config;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node's key and certificate from the cluster's CA, which names the roles the node may take
 * (subject alternative names {@code URI:autograder:role:ROLE}, made by
 * scripts/cluster-credentials.sh). A node signs with it what it claims to other nodes (its cluster
 * roles when it joins, its blob requests); they check the signature, the certificate's chain to
 * their own CA and its roles.
 */
public final class NodeIdentity {
  private static final String PEM = "pekko.remote.artery.ssl.rotating-keys-engine.";
  private static final String ROLE_NAME = "autograder:role:";
  private static final int SAN_URI = 6;
  private static final String ALGORITHM = "SHA256withRSA";

  /** How far ahead of a checking node's clock a signature may be dated. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final PrivateKey key;
  private final X509Certificate certificate;

  private NodeIdentity(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /** This node's identity; empty without the TLS transport (plain tcp is for development only). */
  public static Optional<NodeIdentity> fromConfig(Config config) {
    if (!usesTls(config)) {
      return Optional.empty();
    }
    return Optional.of(
        of(
            Path.of(config.getString(PEM + "key-file")),
            Path.of(config.getString(PEM + "cert-file"))));
  }

  public static NodeIdentity of(Path keyFile, Path certificateFile) {
    try {
      byte[] der = pem(Files.readString(keyFile), "PRIVATE KEY");
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new NodeIdentity(key, certificate(Files.readString(certificateFile)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the node's TLS key "
              + keyFile
              + " or certificate "
              + certificateFile
              + " cannot be read: "
              + e.getMessage(),
          e);
    }
  }

  public static boolean usesTls(Config config) {
    return config.getString("pekko.remote.artery.transport").equals("tls-tcp");
  }

  /** The file of the cluster's CA; empty without the TLS transport. */
  public static Optional<Path> caFile(Config config) {
    return usesTls(config)
        ? Optional.of(Path.of(config.getString(PEM + "ca-cert-file")))
        : Optional.empty();
  }

  /**
   * The cluster's CAs in {@code file}: one, or the old and the new one while the CA is replaced.
   * Read at each check, so that a replaced file counts at once, as it does for Pekko's connections.
   */
  public static List<X509Certificate> trustedCas(Path file) {
    try (var in = Files.newInputStream(file)) {
      List<X509Certificate> cas = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        cas.add((X509Certificate) c);
      }
      if (cas.isEmpty()) {
        throw new IllegalStateException("the cluster's CA file " + file + " holds no certificate");
      }
      return cas;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "the cluster's CA file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The roles this node's certificate names. */
  public Set<String> roles() {
    return roles(certificate);
  }

  /** The certificate, DER in base64, to travel beside a signature. */
  public String certificate() {
    try {
      return Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The signature of {@code payload} with this node's key, in base64. */
  public String sign(String payload) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(payload.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the node's key", e);
    }
  }

  /**
   * As {@link #verify}, and checks that the certificate's roles cover {@code clusterRoles}: what a
   * node signed is a claim to take those roles.
   */
  public static void verifyFor(
      Collection<String> clusterRoles,
      List<X509Certificate> cas,
      String certificate,
      String payload,
      String signature,
      Instant signedAt,
      Instant now,
      Duration maxAge)
      throws UntrustedException {
    Set<String> certified = verify(cas, certificate, payload, signature, signedAt, now, maxAge);
    if (!covers(certified, clusterRoles)) {
      throw new UntrustedException(
          "the certificate names the roles " + certified + ", not enough for " + clusterRoles);
    }
  }

  /**
   * Checks that {@code certificate} (DER in base64) is issued by one of {@code cas} and valid now,
   * that {@code signature} is its key's over {@code payload}, and that {@code signedAt} is within
   * {@code maxAge} of now (a little ahead is allowed for clocks apart); returns its roles.
   */
  public static Set<String> verify(
      List<X509Certificate> cas,
      String certificate,
      String payload,
      String signature,
      Instant signedAt,
      Instant now,
      Duration maxAge)
      throws UntrustedException {
    X509Certificate presented;
    try {
      presented =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UntrustedException("the certificate cannot be read");
    }
    if (cas.stream().noneMatch(ca -> issued(presented, ca))) {
      throw new UntrustedException("the certificate is not issued by the cluster's CA");
    }
    try {
      presented.checkValidity(Date.from(now));
    } catch (GeneralSecurityException e) {
      throw new UntrustedException("the certificate is expired or not yet valid");
    }
    if (signedAt.isBefore(now.minus(maxAge)) || signedAt.isAfter(now.plus(CLOCK_SKEW))) {
      throw new UntrustedException(
          "the signature was made at " + signedAt + ", too far from now (" + now + ")");
    }
    try {
      Signature check = Signature.getInstance(ALGORITHM);
      check.initVerify(presented.getPublicKey());
      check.update(payload.getBytes(StandardCharsets.UTF_8));
      if (!check.verify(Base64.getDecoder().decode(signature))) {
        throw new UntrustedException("the signature does not match what it signs");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UntrustedException("the signature cannot be checked");
    }
    return roles(presented);
  }

  /**
   * Whether a certificate's roles cover these cluster roles: scheduler nodes are also API nodes,
   * runner nodes also carry the role of their flavour.
   */
  public static boolean covers(Set<String> certified, Iterable<String> clusterRoles) {
    for (String role : clusterRoles) {
      boolean covered =
          role.equals("scheduler") || role.equals("api")
              ? certified.contains("scheduler")
              : (role.equals("runner") || role.startsWith("flavour-"))
                  && certified.contains("runner");
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  private static boolean issued(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Set<String> roles(X509Certificate certificate) {
    Set<String> roles = new TreeSet<>();
    try {
      var names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.get(0) instanceof Integer type
              && type == SAN_URI
              && name.get(1) instanceof String uri
              && uri.startsWith(ROLE_NAME)) {
            roles.add(uri.substring(ROLE_NAME.length()));
          }
        }
      }
    } catch (GeneralSecurityException e) {
      return Set.of();
    }
    return roles;
  }

  private static X509Certificate certificate(String pem) throws GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem(pem, "CERTIFICATE")));
  }

  private static byte[] pem(String text, String label) {
    String begin = "-----BEGIN " + label + "-----";
    int start = text.indexOf(begin);
    int end = text.indexOf("-----END " + label + "-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("no PEM " + label);
    }
    return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
  }

  /** A claim that does not hold: the reason says why, for the log of the node that checked it. */
  public static final class UntrustedException extends Exception {
    public UntrustedException(String reason) {
      super(reason);
    }
  }
}
