package dev.autograder.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.autograder.NodeConfig;
import dev.autograder.port.SignInThrottle;
import dev.autograder.port.SignInThrottle.Admission;
import dev.autograder.port.SignInThrottle.Admitted;
import dev.autograder.port.SignInThrottle.Refused;
import dev.autograder.testing.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One sign-in bucket as the API nodes use it, every message serialized as between nodes: the limits
 * of its throttle, reports without replies, and the lease that frees a lost attempt's place.
 */
class SignInBucketTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  "pekko.actor.provider = local\npekko.actor.serialize-messages = on")
              .withFallback(NodeConfig.load()));
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MovableClock clock = new MovableClock();
  private final ActorRef<SignInBucket.Command> bucket =
      testKit.spawn(
          SignInBucket.create(new SignInThrottle(3, 6, Duration.ofMinutes(1), 100, LEASE, clock)));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private Admission admit(String username, String client) {
    TestProbe<StatusReply<Admission>> probe = testKit.createTestProbe();
    bucket.tell(new SignInBucket.Admit(username, client, probe.ref()));
    return probe.receiveMessage().getValue();
  }

  private void report(Admission attempt, SignInBucket.Outcome outcome) {
    bucket.tell(new SignInBucket.Report(assertInstanceOf(Admitted.class, attempt), outcome));
  }

  @Test
  void aBucketAdmitsUpToTheLimitThenRefusesWithRetryAfter() {
    for (int i = 0; i < 3; i++) {
      report(admit("ada", "10.0.0.1"), SignInBucket.Outcome.FAILED);
    }
    Refused refused = assertInstanceOf(Refused.class, admit("ada", "10.0.0.1"));
    assertEquals(60, refused.retryAfterSeconds());
    assertTrue(refused.reason().contains("from this address"), refused.reason());
    assertInstanceOf(
        Admitted.class, admit("ada", "10.0.0.2"), "another address has its own budget");
    assertInstanceOf(
        Admitted.class, admit("bob", "10.0.0.1"), "another username in the bucket is not affected");
  }

  @Test
  void theOwnerOnACleanAddressStillSignsInOnceTheAccountBudgetIsSpent() {
    for (int address = 1; address <= 2; address++) {
      for (int i = 0; i < 3; i++) {
        report(admit("cyd", "10.0.1." + address), SignInBucket.Outcome.FAILED);
      }
    }
    assertInstanceOf(Refused.class, admit("cyd", "10.0.1.1"));
    Admission owner = admit("cyd", "192.168.7.7");
    report(owner, SignInBucket.Outcome.SUCCEEDED);
    report(admit("cyd", "192.168.7.7"), SignInBucket.Outcome.ABANDONED);
    assertInstanceOf(
        Admitted.class,
        admit("cyd", "192.168.7.7"),
        "a success and an abandoned check cost nothing");
  }

  @Test
  void anAttemptWhoseReportIsLostIsReleasedWhenItsLeaseEnds() {
    List<Admission> lost = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      lost.add(admit("dee", "10.0.2.1"));
    }
    assertInstanceOf(
        Refused.class, admit("dee", "10.0.2.1"), "three in flight, their reports never come");
    clock.advance(LEASE.minusSeconds(1));
    assertInstanceOf(Refused.class, admit("dee", "10.0.2.1"), "still within the lease");
    clock.advance(Duration.ofSeconds(1));
    Admission after = admit("dee", "10.0.2.1");
    assertInstanceOf(Admitted.class, after, "the account is not locked for good");
    // Late failures still count, once each.
    lost.forEach(attempt -> report(attempt, SignInBucket.Outcome.FAILED));
    report(after, SignInBucket.Outcome.ABANDONED);
    assertInstanceOf(Refused.class, admit("dee", "10.0.2.1"));
  }
}
