package dev.autograder.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.autograder.NodeConfig;
import dev.autograder.testing.TestCredentials;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real actor systems over TLS on loopback: a scheduler node vets the runner nodes that join it. */
class RoleVettingTest {
  private ActorSystem<Void> scheduler;
  private String seed;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Config node(String role, int port, List<String> roles, String seed) {
    return RoleProof.attach(
        NodeConfig.load(
                ConfigFactory.parseMap(
                    Map.of(
                        "pekko.remote.artery.ssl.rotating-keys-engine.secret-mount-point",
                        TestCredentials.cluster().resolve(role).toString(),
                        "pekko.remote.artery.canonical.port",
                        port,
                        "autograder.cluster.role-vetting.answer-within",
                        "1s",
                        "autograder.cluster.role-vetting.tries",
                        2)))
            .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles))
            .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(List.of(seed))));
  }

  private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " within 30 s");
      }
      Thread.sleep(100);
    }
  }

  @BeforeEach
  void startScheduler() throws Exception {
    int port = freePort();
    seed = "pekko://autograder@127.0.0.1:" + port;
    scheduler =
        ActorSystem.create(
            Behaviors.empty(),
            "autograder",
            node("scheduler", port, List.of("scheduler", "api"), seed));
    RoleVetting.start(scheduler);
    await(
        "the scheduler is up",
        () -> Cluster.get(scheduler).selfMember().status().equals(MemberStatus.up()));
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.terminate();
    scheduler.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aRunnerThatProvesItsRolesStaysAndOneThatDoesNotAnswerIsDowned() throws Exception {
    ActorSystem<Void> honest =
        ActorSystem.create(
            Behaviors.empty(),
            "autograder",
            node("runner", freePort(), List.of("runner", "flavour-default"), seed));
    RoleVetting.start(honest);
    ActorSystem<Void> silent =
        ActorSystem.create(
            Behaviors.empty(),
            "autograder",
            node("runner", freePort(), List.of("runner", "flavour-default"), seed));
    try {
      // A downed node shuts its cluster membership down (its actor system may take longer to stop).
      await("the silent runner is downed", () -> Cluster.get(silent).isTerminated());
      assertEquals(Optional.empty(), statusOf(silent));
      assertEquals(
          MemberStatus.up(), Cluster.get(honest).selfMember().status(), "the honest runner stays");
      assertEquals(Optional.of(MemberStatus.up()), statusOf(honest));
    } finally {
      honest.terminate();
      silent.terminate();
      awaitStopped(honest);
    }
  }

  /**
   * Pekko 1.2.1 can stall stopping its remoting when a peer went away mid-stream (a CI run saw the
   * honest runner stop at "flushing remote transports" after the silent one was downed; a runner
   * node halts its process then). The vetting was judged above: a stall is reported, not failed.
   */
  private static void awaitStopped(ActorSystem<?> node) throws InterruptedException {
    try {
      node.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      System.out.println(
          "RoleVettingTest: "
              + node
              + " did not stop within 60 s (a Pekko remoting stall on"
              + " shutdown): "
              + e);
    }
  }

  /** The node's status as the scheduler sees it; empty once it is removed or down. */
  private Optional<MemberStatus> statusOf(ActorSystem<?> node) {
    Address address = Cluster.get(node).selfMember().address();
    for (var member : Cluster.get(scheduler).state().getMembers()) {
      if (member.address().equals(address) && !member.status().equals(MemberStatus.down())) {
        return Optional.of(member.status());
      }
    }
    return Optional.empty();
  }
}
