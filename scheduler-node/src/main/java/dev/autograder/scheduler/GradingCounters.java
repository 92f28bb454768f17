package dev.autograder.scheduler;

import dev.autograder.grading.Verdict;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.LatencyHistogram;
import dev.autograder.queue.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the scheduler counts while it runs, by flavour: submissions received, jobs completed by
 * verdict, attempts lost and INFRA_ERRORs by cause, and the waits and job times as histograms.
 * Counted from the moment this scheduler started (a moved singleton starts again at 0, which
 * Prometheus's rate() takes as a counter reset). Owned by one actor.
 */
final class GradingCounters {
  /** Why an attempt or a job failed for the infrastructure, as labels. */
  enum Cause {
    SANDBOX_FAILED,
    RUNNER_GONE,
    LEASE_EXPIRED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String RECEIVED = "autograder_submissions_received_total";
  static final String COMPLETED = "autograder_jobs_completed_total";
  static final String ATTEMPTS_LOST = "autograder_attempts_lost_total";
  static final String INFRA_ERRORS = "autograder_infra_errors_total";
  static final String WAIT = "autograder_queue_wait_seconds";
  static final String JOB_TIME = "autograder_job_seconds";

  /** Series by their labels, in a stable order. */
  private final Map<Map<String, String>, Long> received = new TreeMap<>(GradingCounters::compare);

  private final Map<Map<String, String>, Long> completed = new TreeMap<>(GradingCounters::compare);
  private final Map<Map<String, String>, Long> lost = new TreeMap<>(GradingCounters::compare);
  private final Map<Map<String, String>, Long> infraErrors =
      new TreeMap<>(GradingCounters::compare);
  private final Map<Map<String, String>, LatencyHistogram> waits =
      new TreeMap<>(GradingCounters::compare);
  private final Map<Map<String, String>, LatencyHistogram> jobTimes =
      new TreeMap<>(GradingCounters::compare);

  void received(String flavour, JobPriority priority) {
    received.merge(
        Map.of("flavour", flavour, "priority", priority.name().toLowerCase(Locale.ROOT)),
        1L,
        Long::sum);
  }

  void waited(String flavour, long millis) {
    waits.computeIfAbsent(Map.of("flavour", flavour), l -> new LatencyHistogram()).observe(millis);
  }

  /** An attempt's time from its lease to its result. */
  void graded(String flavour, long millis) {
    jobTimes
        .computeIfAbsent(Map.of("flavour", flavour), l -> new LatencyHistogram())
        .observe(millis);
  }

  void completed(String flavour, Verdict verdict) {
    completed.merge(Map.of("flavour", flavour, "verdict", verdict.name()), 1L, Long::sum);
  }

  void attemptLost(String flavour, Cause cause) {
    lost.merge(Map.of("flavour", flavour, "cause", cause.label()), 1L, Long::sum);
  }

  /** A job that ended as INFRA_ERROR because of this, its last failed attempt's cause. */
  void infraError(String flavour, Cause cause) {
    infraErrors.merge(Map.of("flavour", flavour, "cause", cause.label()), 1L, Long::sum);
  }

  Telemetry snapshot(List<Telemetry.NodeState> nodes) {
    List<Telemetry.Counter> counters =
        List.of(
            counter(
                RECEIVED,
                "Submissions admitted to a queue and recorded (regrades by priority).",
                received),
            counter(COMPLETED, "Jobs whose result was recorded, by verdict.", completed),
            counter(
                ATTEMPTS_LOST,
                "Grading attempts that failed for the infrastructure and were tried again or ended the job.",
                lost),
            counter(
                INFRA_ERRORS,
                "Jobs that ended as INFRA_ERROR, by the cause of their last failed attempt.",
                infraErrors));
    List<Telemetry.Histogram> histograms =
        List.of(
            histogram(WAIT, "Wait from queued to started on a runner.", waits),
            histogram(JOB_TIME, "Time of an attempt from its lease to its result.", jobTimes));
    return new Telemetry(counters, histograms, nodes);
  }

  private static Telemetry.Counter counter(
      String name, String help, Map<Map<String, String>, Long> series) {
    return new Telemetry.Counter(
        name, help, samples(series, (labels, value) -> new Telemetry.CounterSample(labels, value)));
  }

  private static Telemetry.Histogram histogram(
      String name, String help, Map<Map<String, String>, LatencyHistogram> series) {
    return new Telemetry.Histogram(
        name,
        help,
        LatencyHistogram.BOUNDS,
        samples(series, (labels, histogram) -> histogram.sample(labels)));
  }

  private static <V, S> List<S> samples(
      Map<Map<String, String>, V> series, BiFunction<Map<String, String>, V, S> sample) {
    List<S> out = new ArrayList<>(series.size());
    series.forEach((labels, value) -> out.add(sample.apply(new TreeMap<>(labels), value)));
    return out;
  }

  private static int compare(Map<String, String> a, Map<String, String> b) {
    Function<Map<String, String>, String> key = m -> new TreeMap<>(m).toString();
    return key.apply(a).compareTo(key.apply(b));
  }
}
