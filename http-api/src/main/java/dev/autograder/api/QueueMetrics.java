package dev.autograder.api;

import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.QueuesStatus;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The queues' gauges in the Prometheus text exposition format, one series per flavour. */
final class QueueMetrics {
  private record Gauge(String name, String help, ToDoubleFunction<FlavourStatus> value) {}

  private static final List<Gauge> GAUGES =
      List.of(
          new Gauge(
              "autograder_queue_waiting_jobs",
              "Jobs waiting for a runner.",
              FlavourStatus::waiting),
          new Gauge(
              "autograder_queue_running_jobs", "Jobs leased to runners.", FlavourStatus::running),
          new Gauge(
              "autograder_queue_capacity_jobs",
              "The most jobs the queue holds before refusing.",
              FlavourStatus::capacity),
          new Gauge(
              "autograder_runner_slots_idle",
              "Runner slots waiting for work.",
              FlavourStatus::idleSlots),
          new Gauge(
              "autograder_runner_slots_busy", "Runner slots grading.", FlavourStatus::busySlots),
          new Gauge(
              "autograder_runner_slots",
              "Slots the flavour's runner nodes say they have.",
              FlavourStatus::slots),
          new Gauge(
              "autograder_runner_nodes",
              "Runner nodes serving the flavour; 0 means jobs wait for one.",
              FlavourStatus::runnerNodes),
          new Gauge(
              "autograder_queue_oldest_wait_seconds",
              "How long the oldest waiting job has waited.",
              f -> f.oldestWaitMillis() / 1000.0),
          new Gauge(
              "autograder_job_average_seconds",
              "Recent jobs' average time from lease to result.",
              f -> f.averageJobMillis() / 1000.0),
          new Gauge(
              "autograder_queue_wait_p50_seconds",
              "Median wait, queued to started, of the last 1,000 jobs.",
              f -> f.waits().p50() / 1000.0),
          new Gauge(
              "autograder_queue_wait_p99_seconds",
              "99th percentile wait, queued to started, of the last 1,000 jobs.",
              f -> f.waits().p99() / 1000.0));

  private QueueMetrics() {}

  static String render(QueuesStatus queues) {
    StringBuilder out = new StringBuilder();
    for (Gauge g : GAUGES) {
      PrometheusText.header(out, g.name(), g.help(), "gauge");
      for (FlavourStatus f : queues.flavours()) {
        PrometheusText.sample(
            out, g.name(), Map.of("flavour", f.flavour()), g.value().applyAsDouble(f));
      }
    }
    return out.toString();
  }
}
