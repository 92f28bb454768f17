package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.autograder.NodeConfig;
import dev.autograder.port.SignInGuard;
import dev.autograder.port.SignInThrottle.Admission;
import dev.autograder.port.SignInThrottle.Admitted;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * When the throttle does not answer, sign-in is refused with 503 and Retry-After; no password is
 * checked.
 */
class SignInFailsClosedTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          NodeConfig.load(
              ConfigFactory.parseMap(
                  Map.of(
                      "pekko.actor.provider",
                      "local",
                      "pekko.coordinated-shutdown.exit-jvm",
                      "off",
                      "autograder.http.port",
                      0)),
              "autograder-scheduler.conf",
              "autograder-http.conf"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A throttle whose bucket never answers in time, as when its node is gone. */
  private static final class Unreachable implements SignInGuard {
    final AtomicInteger reports = new AtomicInteger();

    @Override
    public CompletionStage<Admission> admit(String username, String client) {
      return CompletableFuture.failedFuture(
          new TimeoutException("no answer from the sign-in bucket"));
    }

    @Override
    public void failed(Admitted attempt) {
      reports.incrementAndGet();
    }

    @Override
    public void succeeded(Admitted attempt) {
      reports.incrementAndGet();
    }

    @Override
    public void abandoned(Admitted attempt) {
      reports.incrementAndGet();
    }
  }

  @Test
  void anUnansweredThrottleRefusesTheAttemptWithoutCheckingThePassword() throws Exception {
    Unreachable guard = new Unreachable();
    // No identity at all: checking a password would fail the request with a 500, not a 503.
    ServerBinding binding =
        ApiServer.start(testKit.system(), null, null, null, guard)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    try {
      RawAnswer answer =
          RawAnswer.signIn(binding.localAddress().getPort(), "127.0.0.1", "ada", "any password");
      System.out.println("sign-in while the throttle does not answer: " + answer);
      assertEquals(503, answer.status(), answer.toString());
      assertEquals("5", answer.header("Retry-After"), answer.toString());
      assertTrue(answer.body().contains("\"code\":\"sign_in_unavailable\""), answer.body());
      assertEquals(0, guard.reports.get(), "nothing was admitted, so nothing is reported");
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
