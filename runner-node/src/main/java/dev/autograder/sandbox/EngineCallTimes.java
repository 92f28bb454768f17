package dev.autograder.sandbox;

import dev.autograder.queue.LatencyHistogram;
import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.Telemetry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * How long this node's calls to the Docker engine took since it started, one histogram per call
 * (create, start, remove when the node removes a container, ping), failed calls included: an engine
 * that slows under load shows here before grading does.
 */
public final class EngineCallTimes {
  private final Map<String, LatencyHistogram> calls = new ConcurrentSkipListMap<>();

  /** Runs {@code call} and counts how long it took under {@code name}. */
  public <T> T time(String name, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      observe(name, (System.nanoTime() - start) / 1_000_000);
    }
  }

  public void observe(String name, long millis) {
    calls
        .computeIfAbsent(name, n -> new LatencyHistogram(NodeHealth.ENGINE_CALL_BOUNDS))
        .observe(millis);
  }

  /** Every call's histogram so far, labelled {@code call}, in the order of their names. */
  public List<Telemetry.HistogramSample> samples() {
    return calls.entrySet().stream()
        .map(e -> e.getValue().sample(Map.of("call", e.getKey())))
        .toList();
  }
}
