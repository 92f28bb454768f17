package dev.autograder;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 names of content-addressed blobs. */
public final class ContentHash {
  private ContentHash() {}

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static boolean isSha256(String s) {
    return s != null && s.matches("[0-9a-f]{64}");
  }
}
