package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.port.SignInThrottle;
import dev.autograder.port.SignInThrottle.Admitted;
import dev.autograder.port.SignInThrottle.Refused;
import dev.autograder.testing.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The sign-in throttle on its own: atomic counting, no lock-out of the owner, a sliding window,
 * bounded memory.
 */
class SignInThrottleTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MovableClock clock = new MovableClock();
  private final SignInThrottle throttle = new SignInThrottle(5, 20, WINDOW, 1000, LEASE, clock);

  @Test
  void parallelAttemptsFromOneAddressAreAdmittedOnlyUpToTheLimit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<SignInThrottle.Admission>> answers = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return throttle.admit("stu1", "10.0.0.66");
                }));
      }
      start.countDown();
      int admitted = 0;
      for (Future<SignInThrottle.Admission> a : answers) {
        if (a.get() instanceof Admitted attempt) {
          admitted++;
          throttle.failed(attempt);
        }
      }
      assertEquals(5, admitted, "attempts in flight count before their passwords are checked");
      assertInstanceOf(Refused.class, throttle.admit("stu1", "10.0.0.66"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aGuesserOnManyAddressesExhaustsTheAccountBudgetButNotTheOwnersFirstTry() {
    for (int address = 1; address <= 5; address++) {
      for (int i = 0; i < 4; i++) {
        throttle.failed((Admitted) throttle.admit("stu1", "10.0.0." + address));
      }
    }
    // 20 failures, 4 per address: the budget of the account is spent, for addresses that have
    // failed ...
    var refused = assertInstanceOf(Refused.class, throttle.admit("stu1", "10.0.0.1"));
    assertTrue(refused.reason().contains("for this account"), refused.reason());
    assertEquals(60, refused.retryAfterSeconds());
    // ... but an address that has not failed may still try (the owner's own machine).
    Admitted owner = assertInstanceOf(Admitted.class, throttle.admit("stu1", "192.168.1.20"));
    throttle.succeeded(owner);
    assertInstanceOf(Admitted.class, throttle.admit("stu1", "192.168.1.20"));
    // Other accounts are not affected.
    assertInstanceOf(Admitted.class, throttle.admit("stu2", "10.0.0.1"));
  }

  @Test
  void aCleanAddressGetsOneAttemptAtATimeOnceTheAccountBudgetIsSpent() {
    for (int address = 1; address <= 4; address++) {
      for (int i = 0; i < 5; i++) {
        throttle.failed((Admitted) throttle.admit("stu1", "10.0.0." + address));
      }
    }
    Admitted first = assertInstanceOf(Admitted.class, throttle.admit("stu1", "10.0.9.9"));
    assertInstanceOf(
        Refused.class,
        throttle.admit("stu1", "10.0.9.9"),
        "no second attempt while the first is in flight");
    throttle.failed(first);
    assertInstanceOf(
        Refused.class,
        throttle.admit("stu1", "10.0.9.9"),
        "an address that failed is bound by the budget");
  }

  @Test
  void failuresLeaveTheWindowAndRetryAfterSaysWhen() {
    for (int i = 0; i < 5; i++) {
      throttle.failed((Admitted) throttle.admit("stu1", "10.0.0.1"));
      clock.advance(Duration.ofSeconds(10));
    }
    // Failures at 0, 10, 20, 30, 40 s; now 50 s: the first leaves the window at 60 s.
    assertEquals(
        10,
        assertInstanceOf(Refused.class, throttle.admit("stu1", "10.0.0.1")).retryAfterSeconds());
    clock.advance(Duration.ofSeconds(10));
    assertInstanceOf(Admitted.class, throttle.admit("stu1", "10.0.0.1"));
  }

  @Test
  void aSuccessForgivesTheAddressAndAnAbandonedCheckIsNotCounted() {
    for (int i = 0; i < 4; i++) {
      throttle.failed((Admitted) throttle.admit("stu1", "10.0.0.1"));
    }
    throttle.abandoned((Admitted) throttle.admit("stu1", "10.0.0.1"));
    throttle.succeeded((Admitted) throttle.admit("stu1", "10.0.0.1"));
    for (int i = 0; i < 5; i++) {
      assertInstanceOf(
          Admitted.class,
          throttle.admit("stu1", "10.0.0.1"),
          "attempt " + i + " after the success");
    }
  }

  @Test
  void manyMadeUpUsernamesKeepTheMemoryBounded() {
    for (int i = 0; i < 5000; i++) {
      var admission = throttle.admit("nobody" + i, "10.0.0.1");
      if (admission instanceof Admitted a) {
        throttle.failed(a);
      }
      clock.advance(Duration.ofMillis(30));
    }
    assertTrue(throttle.tracked() <= 1000, "tracked " + throttle.tracked());
    clock.advance(WINDOW.plusSeconds(1));
    throttle.admit("later", "10.0.0.1");
    assertEquals(1, throttle.tracked(), "all but the newest expired");
  }

  @Test
  void anAttemptWhoseReportIsLostGivesItsPlaceBackAfterTheLease() {
    List<Admitted> lost = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lost.add((Admitted) throttle.admit("stu1", "10.0.0.1"));
    }
    assertInstanceOf(Refused.class, throttle.admit("stu1", "10.0.0.1"), "five in flight");
    clock.advance(LEASE);
    Admitted next =
        assertInstanceOf(
            Admitted.class, throttle.admit("stu1", "10.0.0.1"), "the places came back");
    // A late failure still counts, without giving back a place a second time.
    lost.forEach(throttle::failed);
    throttle.abandoned(next);
    assertInstanceOf(
        Refused.class, throttle.admit("stu1", "10.0.0.1"), "the five late failures count");
  }

  @Test
  void aReportForAnotherThrottlesAttemptGivesBackNoPlace() {
    for (int i = 0; i < 5; i++) {
      throttle.admit("stu1", "10.0.0.1");
    }
    // As from a bucket that lived on another node before it moved here.
    SignInThrottle earlier = new SignInThrottle(5, 20, WINDOW, 1000, LEASE, clock);
    throttle.abandoned((Admitted) earlier.admit("stu1", "10.0.0.1"));
    assertInstanceOf(Refused.class, throttle.admit("stu1", "10.0.0.1"));
  }
}
