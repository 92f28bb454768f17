package dev.autograder.account;

import dev.autograder.ContentHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes. Passwords people choose get PBKDF2-HMAC-SHA256 with a random salt and many
 * iterations (slow on purpose); secrets the platform generates (initial passwords, tokens) have 160
 * random bits, which no guessing reaches, so one SHA-256 is enough for them.
 */
public final class PasswordHash {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SLOW = "pbkdf2-sha256";
  private static final String GENERATED = "sha256";

  private final int iterations;

  /** What a sign-in for an unknown username (or a generated password) is checked against. */
  private final String dummy;

  public PasswordHash(int iterations) {
    this.iterations = iterations;
    this.dummy = hashChosen(randomSecret());
  }

  /**
   * Whether the password matches the stored hash ({@code null} when there is no account). Always
   * costs at least one slow hash of this strength, so that the answer's timing does not tell an
   * unknown username, or an account with a generated password, from an account with a chosen one.
   */
  public boolean verify(String password, String stored) {
    if (stored != null && stored.startsWith(SLOW + "$")) {
      return matches(password, stored);
    }
    boolean never = matches(password, dummy);
    return stored != null && matches(password, stored) && !never;
  }

  public String hashChosen(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return SLOW
        + "$"
        + iterations
        + "$"
        + b64(salt)
        + "$"
        + b64(pbkdf2(password, salt, iterations));
  }

  public static String hashGenerated(String secret) {
    return GENERATED + "$" + ContentHash.sha256(secret.getBytes(StandardCharsets.UTF_8));
  }

  public static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    byte[] expected;
    byte[] actual;
    if (parts[0].equals(SLOW) && parts.length == 4) {
      expected = Base64.getDecoder().decode(parts[3]);
      actual = pbkdf2(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
    } else if (parts[0].equals(GENERATED) && parts.length == 2) {
      expected = parts[1].getBytes(StandardCharsets.US_ASCII);
      actual =
          ContentHash.sha256(password.getBytes(StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.US_ASCII);
    } else {
      return false;
    }
    return MessageDigest.isEqual(expected, actual);
  }

  /** A random secret of 160 bits, URL-safe. */
  public static String randomSecret() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 is not available", e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
