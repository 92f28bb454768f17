package dev.autograder.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.grading.Verdict;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.LatencyHistogram;
import dev.autograder.queue.Telemetry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradingCountersTest {

  /**
   * A counter's series of this flavour and its one other label's value (verdict, cause or
   * priority).
   */
  static long count(Telemetry t, String counter, String flavour, String value) {
    String label =
        switch (counter) {
          case GradingCounters.COMPLETED -> "verdict";
          case GradingCounters.RECEIVED -> "priority";
          default -> "cause";
        };
    return t.count(counter, Map.of("flavour", flavour, label, value));
  }

  @Test
  void countersMoveExactlyWithTheJobsAndTheirVerdicts() {
    GradingCounters counters = new GradingCounters();
    for (int i = 0; i < 7; i++) {
      counters.received("small", JobPriority.INTERACTIVE);
    }
    counters.received("small", JobPriority.REGRADE);
    counters.received("large", JobPriority.INTERACTIVE);
    for (int i = 0; i < 4; i++) {
      counters.completed("small", Verdict.ACCEPTED);
    }
    counters.completed("small", Verdict.WRONG_ANSWER);
    counters.completed("small", Verdict.WRONG_ANSWER);
    counters.completed("small", Verdict.INFRA_ERROR);
    counters.infraError("small", GradingCounters.Cause.RUNNER_GONE);
    counters.attemptLost("small", GradingCounters.Cause.RUNNER_GONE);
    counters.attemptLost("small", GradingCounters.Cause.RUNNER_GONE);
    counters.attemptLost("small", GradingCounters.Cause.LEASE_EXPIRED);

    Telemetry t = counters.snapshot(List.of());
    assertEquals(7, count(t, GradingCounters.RECEIVED, "small", "interactive"));
    assertEquals(1, count(t, GradingCounters.RECEIVED, "small", "regrade"));
    assertEquals(1, count(t, GradingCounters.RECEIVED, "large", "interactive"));
    assertEquals(4, count(t, GradingCounters.COMPLETED, "small", "ACCEPTED"));
    assertEquals(2, count(t, GradingCounters.COMPLETED, "small", "WRONG_ANSWER"));
    assertEquals(1, count(t, GradingCounters.COMPLETED, "small", "INFRA_ERROR"));
    assertEquals(0, count(t, GradingCounters.COMPLETED, "large", "ACCEPTED"));
    assertEquals(1, count(t, GradingCounters.INFRA_ERRORS, "small", "runner_gone"));
    assertEquals(2, count(t, GradingCounters.ATTEMPTS_LOST, "small", "runner_gone"));
    assertEquals(1, count(t, GradingCounters.ATTEMPTS_LOST, "small", "lease_expired"));
  }

  @Test
  void aHistogramCountsEachDurationInItsBucketAndEveryBucketAbove() {
    LatencyHistogram h = new LatencyHistogram();
    h.observe(40);
    h.observe(100);
    h.observe(700);
    h.observe(3_000);
    h.observe(3_000);
    h.observe(3_600_000);
    Telemetry.HistogramSample s = h.sample(Map.of());
    List<Double> bounds = LatencyHistogram.BOUNDS;
    assertEquals(1, s.buckets().get(bounds.indexOf(0.05)));
    assertEquals(
        2,
        s.buckets().get(bounds.indexOf(0.1)),
        "a duration on a bound counts in that bound's bucket");
    assertEquals(2, s.buckets().get(bounds.indexOf(0.5)));
    assertEquals(3, s.buckets().get(bounds.indexOf(1.0)));
    assertEquals(3, s.buckets().get(bounds.indexOf(2.5)));
    assertEquals(5, s.buckets().get(bounds.indexOf(5.0)));
    assertEquals(
        5, s.buckets().get(bounds.size() - 1), "an hour is above every bound, in +Inf only");
    assertEquals(6, s.count());
    assertEquals(3606.84, s.sumSeconds(), 1e-9);
  }

  @Test
  void theWaitsAndJobTimesAreHistogramsByFlavour() {
    GradingCounters counters = new GradingCounters();
    counters.waited("small", 200);
    counters.waited("small", 20_000);
    counters.graded("small", 1_500);
    Telemetry t = counters.snapshot(List.of());
    Telemetry.Histogram waits =
        t.histograms().stream()
            .filter(h -> h.name().equals(GradingCounters.WAIT))
            .findFirst()
            .orElseThrow();
    assertEquals(
        List.of(Map.of("flavour", "small")),
        waits.samples().stream().map(Telemetry.HistogramSample::labels).toList());
    assertEquals(2, waits.samples().get(0).count());
    assertEquals(20.2, waits.samples().get(0).sumSeconds(), 1e-9);
    Telemetry.Histogram jobs =
        t.histograms().stream()
            .filter(h -> h.name().equals(GradingCounters.JOB_TIME))
            .findFirst()
            .orElseThrow();
    assertEquals(1, jobs.samples().get(0).count());
  }
}
