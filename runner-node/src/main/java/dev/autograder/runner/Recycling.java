package dev.autograder.runner;

import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Ends a runner node in the recycling mode: once every slot has used the job budget up and reported
 * its last result, the node leaves the cluster gracefully and its process exits.
 */
public final class Recycling {
  /** The reason a recycled node stops; the node's main loop exits instead of joining again. */
  public static final CoordinatedShutdown.Reason RECYCLED =
      new CoordinatedShutdown.Reason() {
        @Override
        public String toString() {
          return "recycled after its job budget";
        }
      };

  /** A slot took its last job and reported it. */
  public enum SlotRetired {
    INSTANCE
  }

  private Recycling() {}

  public static Behavior<SlotRetired> create(int slots) {
    return Behaviors.setup(
        ctx -> {
          int[] retired = {0};
          return Behaviors.receiveMessage(
              m -> {
                retired[0]++;
                if (retired[0] == slots) {
                  ctx.getLog()
                      .info("all {} slots used the job budget up: leaving the cluster", slots);
                  CoordinatedShutdown.get(ctx.getSystem()).runAll(RECYCLED);
                  return Behaviors.stopped();
                }
                return Behaviors.same();
              });
        });
  }
}
