package dev.autograder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;

/**
 * What the entity tests share: an actor system for Pekko's event-sourced test kit, and how a
 * refusal looks.
 */
public final class EntityTestKit {
  private EntityTestKit() {}

  /**
   * In-memory journal and snapshots; every message serialized, as the cluster would; named after
   * the test.
   */
  public static ActorTestKit create(Class<?> test) {
    return ActorTestKit.create(
        test.getSimpleName(),
        EventSourcedBehaviorTestKit.config()
            .withFallback(
                ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.actor.serialize-messages = on"))
            .withFallback(NodeConfig.load()));
  }

  /** The command was answered with the error {@code why} and persisted nothing. */
  public static void assertRefused(
      String why, CommandResultWithReply<?, ?, ?, ? extends StatusReply<?>> result) {
    assertTrue(result.reply().isError(), "refused: " + result.reply());
    assertEquals(why, result.reply().getError().getMessage());
    assertTrue(result.hasNoEvents(), "a refusal persists nothing: " + result.events());
  }
}
