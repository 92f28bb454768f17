package dev.autograder.scheduler;

import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The latest health report of each runner node, and which nodes are unhealthy now: those whose
 * latest report names a problem ({@link NodeHealth#problem}). A node that stopped reporting is
 * forgotten after {@code forgetAfter} (it left, or the cluster will down it); until it reports
 * again it is judged by the cluster alone. Owned by one actor.
 */
final class NodeHealthBook {
  private record Entry(NodeHealth health, Instant at) {}

  private final Duration forgetAfter;
  private final Map<String, Entry> latest = new HashMap<>();

  NodeHealthBook(Duration forgetAfter) {
    this.forgetAfter = forgetAfter;
  }

  void report(NodeHealth health, Instant now) {
    latest.put(health.address(), new Entry(health, now));
  }

  /** Forgets the nodes that stopped reporting; true when any was forgotten. */
  boolean forgetSilent(Instant now) {
    return latest.values().removeIf(e -> e.at().plus(forgetAfter).isBefore(now));
  }

  /** The cluster addresses of the nodes whose slots must get no new jobs. */
  Set<String> unhealthy() {
    return latest.values().stream()
        .filter(e -> e.health().problem() != null)
        .map(e -> e.health().address())
        .collect(Collectors.toUnmodifiableSet());
  }

  List<Telemetry.NodeState> states(Instant now) {
    return latest.values().stream()
        .sorted(
            Comparator.comparing((Entry e) -> e.health().node())
                .thenComparing(e -> e.health().address()))
        .map(
            e ->
                new Telemetry.NodeState(
                    e.health(),
                    e.health().problem() == null,
                    e.health().problem(),
                    Duration.between(e.at(), now).toMillis()))
        .toList();
  }

  List<NodeHealth> reports() {
    return latest.values().stream().map(Entry::health).toList();
  }
}
