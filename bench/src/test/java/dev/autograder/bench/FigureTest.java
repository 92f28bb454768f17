package dev.autograder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FigureTest {
  private final Figure figure = new Figure("k", "jobs", "ms", "%.2f", new double[] {4, 1, 3, 2});

  @Test
  void theMedianOfAnEvenNumberOfRoundsIsBetweenTheMiddleTwo() {
    assertEquals(2.5, figure.median(), 1e-9);
  }

  @Test
  void quartilesInterpolateBetweenRanks() {
    assertEquals(1.75, figure.quantile(0.25), 1e-9);
    assertEquals(3.25, figure.quantile(0.75), 1e-9);
    assertEquals(1, figure.min(), 1e-9);
    assertEquals(4, figure.max(), 1e-9);
  }

  @Test
  void aRowShowsTheMedianWithItsSpread() {
    String row = figure.row();
    assertTrue(row.startsWith("jobs "), row);
    assertTrue(row.contains("2.50  [1.00, 4.00]  IQR 1.75–3.25  ms"), row);
  }

  @Test
  void oneRoundIsItsOwnMedianWithoutSpread() {
    var single = new Figure("k", "x", "", "%.0f", new double[] {7});
    assertEquals(7, single.median(), 1e-9);
    assertEquals(7, single.quantile(0.25), 1e-9);
  }
}
