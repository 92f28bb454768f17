package dev.autograder.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The runners of one flavour waiting for a job, in the order they first asked, and what their nodes
 * announced: the state beside {@link FlavourQueue}, pure and on its own, as {@link FairQueue} is
 * for the jobs. A runner asks again every few seconds; one that has not asked for {@code idleTtl}
 * is stale and offered nothing more. {@code R} is how a runner is known (its ActorRef in the
 * queue).
 */
final class RunnerSlots<R> {

  /** An idle runner offered a job: its id and its key. */
  record Offer<R>(R runner, String runnerId) {}

  private record Idle(String runnerId, Instant asked) {}

  /** How long a runner refused for its node is not told (logged) again. */
  private static final Duration TOLD_AGAIN_AFTER = Duration.ofMinutes(1);

  private final Duration idleTtl;

  /** Idle runners in the order they first asked, each once. */
  private final LinkedHashMap<R, Idle> idle = new LinkedHashMap<>();

  /** The slot count each runner's node announced, to tell operators the flavour's capacity. */
  private final Map<R, Integer> nodeSlots = new HashMap<>();

  /** Runners refused because their node is not serving, and when they were first told. */
  private final Map<R, Instant> refused = new HashMap<>();

  RunnerSlots(Duration idleTtl) {
    this.idleTtl = idleTtl;
  }

  /** The runner asks for work: it waits in line (keeping its place when it asks again). */
  void asked(R runner, String runnerId, int slotsOfItsNode, Instant now) {
    refused.remove(runner);
    nodeSlots.put(runner, slotsOfItsNode);
    idle.put(runner, new Idle(runnerId, now));
  }

  /**
   * The runner asks while its node may not be offered work. True the first time (within a minute),
   * when it is worth saying so.
   */
  boolean refusedFirstTime(R runner, Instant now) {
    return refused.putIfAbsent(runner, now) == null;
  }

  /**
   * The first runner in line that asked within {@code idleTtl} and may be offered work, taken out
   * of line; the ones before it that may not are dropped (they ask again, and are heard once they
   * may).
   */
  Optional<Offer<R>> next(Instant now, Predicate<R> serving) {
    Iterator<Map.Entry<R, Idle>> line = idle.entrySet().iterator();
    while (line.hasNext()) {
      Map.Entry<R, Idle> first = line.next();
      line.remove();
      if (!stale(first.getValue(), now) && serving.test(first.getKey())) {
        return Optional.of(new Offer<>(first.getKey(), first.getValue().runnerId()));
      }
    }
    return Optional.empty();
  }

  boolean anyIdle() {
    return !idle.isEmpty();
  }

  int idleCount() {
    return idle.size();
  }

  /** The runner is gone: out of line and out of the counts. */
  void gone(R runner) {
    idle.remove(runner);
    refused.remove(runner);
    nodeSlots.remove(runner);
  }

  /** Takes out of line every idle runner of the same node (keyed by {@code nodeOf}) as this one. */
  void dropIdleOnNodeOf(R runner, Function<R, Object> nodeOf) {
    Object node = nodeOf.apply(runner);
    idle.keySet().removeIf(r -> nodeOf.apply(r).equals(node));
  }

  /** Forgets runners that stopped asking, and refusals old enough to be told again. */
  void prune(Instant now) {
    idle.values().removeIf(slot -> stale(slot, now));
    refused.values().removeIf(at -> at.plus(TOLD_AGAIN_AFTER).isBefore(now));
  }

  /** Slots by node (keyed by {@code nodeOf}), as their runners announced them. */
  Map<Object, Integer> slotsByNode(Function<R, Object> nodeOf) {
    Map<Object, Integer> byNode = new HashMap<>();
    nodeSlots.forEach((runner, slots) -> byNode.put(nodeOf.apply(runner), slots));
    return byNode;
  }

  private boolean stale(Idle slot, Instant now) {
    return slot.asked().plus(idleTtl).isBefore(now);
  }
}
