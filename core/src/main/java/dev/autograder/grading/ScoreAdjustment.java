package dev.autograder.grading;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.autograder.CborSerializable;
import java.time.Instant;

/**
 * Staff's change to a graded submission's score: points added (negative to take some off) or a
 * score set outright, with a comment for the student, and who made it when.
 */
public record ScoreAdjustment(Mode mode, double points, String comment, String actor, Instant at)
    implements CborSerializable {

  /** The longest comment kept. */
  public static final int MAX_COMMENT = 2000;

  public enum Mode {
    @JsonProperty("add")
    ADD,
    @JsonProperty("set")
    SET
  }

  public ScoreAdjustment {
    comment = comment == null ? "" : comment;
  }

  /** The adjusted score, kept within 0 and the maximum (the late penalty comes after it). */
  public double apply(double score, double maxScore) {
    double adjusted = mode == Mode.SET ? points : score + points;
    return Math.max(0, Math.min(maxScore, adjusted));
  }
}
