package dev.autograder.course.rules;

import dev.autograder.CborSerializable;
import dev.autograder.grading.SetupReport;
import java.time.Instant;

/**
 * Whether students may submit to an assignment: the check of its current spec version's setup.
 *
 * @param report the check's report; null while pending, or when no check was needed (an IO spec, an
 *     assignment created before setups were checked)
 * @param at when the check started or ended
 */
public record AssignmentSetup(Status status, int specVersion, SetupReport report, Instant at)
    implements CborSerializable {

  public enum Status {
    PENDING,
    READY,
    FAILED
  }

  /** A spec that needs no check, or one from before checks. */
  public static final AssignmentSetup UNCHECKED = new AssignmentSetup(Status.READY, 0, null, null);
}
