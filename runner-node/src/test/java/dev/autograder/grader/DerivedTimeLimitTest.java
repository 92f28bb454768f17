package dev.autograder.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The time limit derived from the judge solutions: slowest time times the multiplier, rounded up.
 */
class DerivedTimeLimitTest {

  @Test
  void theLegacyLimitRoundsUpToAWholeSecond() {
    assertEquals(2000, ProblemGrader.derivedMillis(300, 5, 1.0), "1.5 s rounds up to 2 s");
    assertEquals(1000, ProblemGrader.derivedMillis(200, 5, 1.0), "exactly 1 s stays");
    assertEquals(1000, ProblemGrader.derivedMillis(10, 5, 1.0), "never below the resolution");
  }

  @Test
  void the2023LimitRoundsUpToTheTimeResolution() {
    assertEquals(1500, ProblemGrader.derivedMillis(700, 2.0, 0.5), "1.4 s rounds up to 1.5 s");
    assertEquals(3000, ProblemGrader.derivedMillis(1400, 2.0, 1.0), "2.8 s rounds up to 3 s");
  }
}
