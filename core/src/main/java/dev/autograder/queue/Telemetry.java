package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's measured counts since it started: counters and histograms in the shape of
 * Prometheus's, and the latest health of each runner node.
 */
public record Telemetry(List<Counter> counters, List<Histogram> histograms, List<NodeState> nodes)
    implements CborSerializable {

  public Telemetry {
    counters = List.copyOf(counters);
    histograms = List.copyOf(histograms);
    nodes = List.copyOf(nodes);
  }

  /** A counter's series, each named by its labels. */
  public record Counter(String name, String help, List<CounterSample> samples)
      implements CborSerializable {}

  public record CounterSample(Map<String, String> labels, long value) implements CborSerializable {}

  /**
   * A histogram's series.
   *
   * @param bounds the buckets' upper bounds in seconds, ascending; +Inf is implied
   */
  public record Histogram(
      String name, String help, List<Double> bounds, List<HistogramSample> samples)
      implements CborSerializable {}

  /**
   * @param buckets how many observations fell at or under each bound (cumulative, as Prometheus
   *     counts)
   * @param sumSeconds the observations' sum
   * @param count how many observations there were (the +Inf bucket)
   */
  public record HistogramSample(
      Map<String, String> labels, List<Long> buckets, double sumSeconds, long count)
      implements CborSerializable {}

  /**
   * A runner node as the scheduler sees it.
   *
   * @param problem why it takes no work; null when healthy
   * @param ageMillis how old its latest report is
   */
  public record NodeState(NodeHealth health, boolean healthy, String problem, long ageMillis)
      implements CborSerializable {}

  /** The value of one counter's series, 0 when it has none. */
  public long count(String name, Map<String, String> labels) {
    return counters.stream()
        .filter(c -> c.name().equals(name))
        .flatMap(c -> c.samples().stream())
        .filter(s -> s.labels().equals(labels))
        .mapToLong(CounterSample::value)
        .sum();
  }
}
