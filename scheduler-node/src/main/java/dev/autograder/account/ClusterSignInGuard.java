package dev.autograder.account;

import dev.autograder.port.SignInGuard;
import dev.autograder.port.SignInThrottle.Admission;
import dev.autograder.port.SignInThrottle.Admitted;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** The sign-in throttle on the sharded {@link SignInBucket} entities, one for the whole cluster. */
public final class ClusterSignInGuard implements SignInGuard {
  private final ClusterSharding sharding;
  private final int buckets;
  private final SecretKeySpec key;
  private final Duration askTimeout;

  /**
   * {@code key} keys the hash from username to bucket (see {@link SignInBucketKey}): with a public
   * hash, a stranger could make up names that all land in one user's bucket and fill it, and new
   * names there would be refused.
   */
  public ClusterSignInGuard(
      ClusterSharding sharding, int buckets, byte[] key, Duration askTimeout) {
    if (buckets < 1) {
      throw new IllegalArgumentException("autograder.accounts.sign-in.buckets must be at least 1");
    }
    this.sharding = sharding;
    this.buckets = buckets;
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<Admission> admit(String username, String client) {
    return bucket(username)
        .askWithStatus(replyTo -> new SignInBucket.Admit(username, client, replyTo), askTimeout);
  }

  @Override
  public void failed(Admitted attempt) {
    report(attempt, SignInBucket.Outcome.FAILED);
  }

  @Override
  public void succeeded(Admitted attempt) {
    report(attempt, SignInBucket.Outcome.SUCCEEDED);
  }

  @Override
  public void abandoned(Admitted attempt) {
    report(attempt, SignInBucket.Outcome.ABANDONED);
  }

  private void report(Admitted attempt, SignInBucket.Outcome outcome) {
    bucket(attempt.username()).tell(new SignInBucket.Report(attempt, outcome));
  }

  private EntityRef<SignInBucket.Command> bucket(String username) {
    return sharding.entityRefFor(SignInBucket.TYPE_KEY, Integer.toString(bucketOf(username)));
  }

  private int bucketOf(String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      long hash = ByteBuffer.wrap(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))).getLong();
      return (int) Math.floorMod(hash, (long) buckets);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
