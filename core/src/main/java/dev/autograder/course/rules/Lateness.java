package dev.autograder.course.rules;

import dev.autograder.CborSerializable;
import dev.autograder.grading.ScoreAdjustment;

/** How late a submission was, in whole days rounded up, and the share of its score it loses. */
public record Lateness(int daysLate, double penaltyPercent) implements CborSerializable {
  public static final Lateness ON_TIME = new Lateness(0, 0);

  public boolean late() {
    return daysLate > 0;
  }

  /** The score after the penalty, never below zero. */
  public double apply(double score) {
    return Math.max(0, score * (100 - penaltyPercent) / 100);
  }

  /**
   * The score that counts: staff's adjustment if any (kept within 0 and the maximum), then this
   * late penalty.
   */
  public double finalScore(double score, double maxScore, ScoreAdjustment adjustment) {
    return apply(adjustment == null ? score : adjustment.apply(score, maxScore));
  }
}
