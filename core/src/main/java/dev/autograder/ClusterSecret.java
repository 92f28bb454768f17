package dev.autograder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The shared secret that nodes of one cluster present to each other over HTTP. */
public final class ClusterSecret {
  /** The request header that carries it. */
  public static final String HEADER = "X-Autograder-Cluster-Secret";

  private ClusterSecret() {}

  /** Compares in constant time, so the comparison does not leak how much of a guess was right. */
  public static boolean matches(String expected, String presented) {
    return presented != null
        && !expected.isEmpty()
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
