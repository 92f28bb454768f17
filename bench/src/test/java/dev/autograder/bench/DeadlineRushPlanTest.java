package dev.autograder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlineRushPlanTest {
  private final List<DeadlineRushBenchmark.Arrival> plan =
      DeadlineRushBenchmark.plan(1000, 300, 60_000);

  @Test
  void everyStudentSubmitsAndAFewSubmitOften() {
    assertEquals(1000, plan.size());
    Map<String, Integer> perStudent = new HashMap<>();
    plan.forEach(a -> perStudent.merge(a.student(), 1, Integer::sum));
    assertEquals(300, perStudent.size());
    int most = perStudent.values().stream().max(Integer::compare).orElseThrow();
    assertTrue(most >= 10, "the busiest student submits " + most + " times");
  }

  @Test
  void arrivalsAreSpreadOverTheSpanInOrder() {
    for (int i = 0; i < plan.size(); i++) {
      long at = plan.get(i).atMillis();
      assertTrue(at >= 0 && at < 60_000, "arrival at " + at);
      assertTrue(i == 0 || plan.get(i - 1).atMillis() <= at, "in order at " + i);
    }
    assertTrue(plan.get(0).atMillis() < 1_000 && plan.get(plan.size() - 1).atMillis() > 59_000);
  }

  @Test
  void everyRoundGetsTheSamePlan() {
    assertEquals(plan, DeadlineRushBenchmark.plan(1000, 300, 60_000));
  }

  @Test
  void jainsIndexIsOneWhenAllWaitAlikeAndOneOverNWhenOneWaitsAlone() {
    assertEquals(1, DeadlineRushBenchmark.jain(new double[] {5, 5, 5, 5}), 1e-9);
    assertEquals(0.25, DeadlineRushBenchmark.jain(new double[] {0, 0, 9, 0}), 1e-9);
    assertEquals(1, DeadlineRushBenchmark.jain(new double[] {0, 0}), 1e-9);
  }
}
