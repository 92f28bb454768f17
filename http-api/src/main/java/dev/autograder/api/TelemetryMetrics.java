package dev.autograder.api;

import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.Telemetry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The scheduler's counters and histograms, and each runner node's latest health as gauges labelled
 * with the node's name, in the Prometheus text exposition format.
 */
final class TelemetryMetrics {
  private record NodeGauge(String name, String help, ToDoubleFunction<Telemetry.NodeState> value) {}

  private static final List<NodeGauge> NODE_GAUGES =
      List.of(
          new NodeGauge(
              "autograder_node_healthy",
              "1 when the runner node takes jobs, 0 while it is unhealthy.",
              n -> n.healthy() ? 1 : 0),
          new NodeGauge(
              "autograder_node_slots", "The runner node's job slots.", n -> n.health().slots()),
          new NodeGauge(
              "autograder_node_process_cpu_ratio",
              "The runner JVM's share of the machine's CPU, 0 to 1.",
              n -> n.health().processCpu()),
          new NodeGauge(
              "autograder_node_system_cpu_ratio",
              "The runner machine's CPU load, 0 to 1.",
              n -> n.health().systemCpu()),
          new NodeGauge(
              "autograder_node_memory_used_bytes",
              "The runner machine's memory in use.",
              n -> n.health().memoryUsedBytes()),
          new NodeGauge(
              "autograder_node_memory_total_bytes",
              "The runner machine's memory.",
              n -> n.health().memoryTotalBytes()),
          new NodeGauge(
              "autograder_node_disk_free_bytes",
              "Free disk where the runner's work and the engine's data live.",
              n -> n.health().diskFreeBytes()),
          new NodeGauge(
              "autograder_node_engine_latency_seconds",
              "How long the Docker engine took to answer a ping; -1 when it did not answer.",
              n -> n.health().engineMillis() < 0 ? -1 : n.health().engineMillis() / 1000.0),
          new NodeGauge(
              "autograder_node_running_containers",
              "The engine's running containers of this node.",
              n -> n.health().runningContainers()),
          new NodeGauge(
              "autograder_node_report_age_seconds",
              "How old the node's latest health report is.",
              n -> n.ageMillis() / 1000.0));

  static final String ENGINE_CALLS = "autograder_node_engine_call_seconds";

  private TelemetryMetrics() {}

  static String render(Telemetry telemetry) {
    StringBuilder out = new StringBuilder();
    for (Telemetry.Counter c : telemetry.counters()) {
      PrometheusText.header(out, c.name(), c.help(), "counter");
      c.samples().forEach(s -> PrometheusText.sample(out, c.name(), s.labels(), s.value()));
    }
    List<Telemetry.Histogram> histograms = new ArrayList<>(telemetry.histograms());
    histograms.add(
        new Telemetry.Histogram(
            ENGINE_CALLS,
            "How long the runner node's calls to the Docker engine took,"
                + " per call, since the node started.",
            NodeHealth.ENGINE_CALL_BOUNDS,
            telemetry.nodes().stream()
                .flatMap(
                    n ->
                        n.health().engineCalls().stream()
                            .map(
                                s ->
                                    new Telemetry.HistogramSample(
                                        withNode(n.health(), s.labels()),
                                        s.buckets(),
                                        s.sumSeconds(),
                                        s.count())))
                .toList()));
    for (Telemetry.Histogram h : histograms) {
      PrometheusText.header(out, h.name(), h.help(), "histogram");
      for (Telemetry.HistogramSample s : h.samples()) {
        for (int i = 0; i < h.bounds().size(); i++) {
          PrometheusText.sample(
              out,
              h.name() + "_bucket",
              withLe(s.labels(), String.valueOf(h.bounds().get(i))),
              s.buckets().get(i));
        }
        PrometheusText.sample(out, h.name() + "_bucket", withLe(s.labels(), "+Inf"), s.count());
        PrometheusText.sample(out, h.name() + "_sum", s.labels(), s.sumSeconds());
        PrometheusText.sample(out, h.name() + "_count", s.labels(), s.count());
      }
    }
    for (NodeGauge g : NODE_GAUGES) {
      PrometheusText.header(out, g.name(), g.help(), "gauge");
      for (Telemetry.NodeState n : telemetry.nodes()) {
        PrometheusText.sample(out, g.name(), nodeLabels(n.health()), g.value().applyAsDouble(n));
      }
    }
    return out.toString();
  }

  private static Map<String, String> withLe(Map<String, String> labels, String le) {
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.put("le", le);
    return out;
  }

  private static Map<String, String> withNode(NodeHealth h, Map<String, String> labels) {
    Map<String, String> out = nodeLabels(h);
    out.putAll(labels);
    return out;
  }

  private static Map<String, String> nodeLabels(NodeHealth h) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("node", h.node());
    labels.put("flavour", h.flavour());
    labels.put("address", h.address());
    return labels;
  }
}
