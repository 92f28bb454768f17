package dev.autograder.course.rules;

import dev.autograder.CborSerializable;
import dev.autograder.grading.Visibility;
import java.time.Duration;
import java.time.Instant;

/**
 * When and how students may submit to an assignment and see its results.
 *
 * @param opensAt submissions before it are refused; null: open from creation
 * @param dueAt submissions after it are late
 * @param lateUntil the end of the late period; null: none, submissions after {@code dueAt} are
 *     refused
 * @param latePenaltyPercentPerDay what a late submission loses per started day
 * @param submissionLimit null: unlimited
 * @param defaultVisibility for tests whose spec says nothing
 * @param published whether students see the assignment at all
 * @param gradesPublished whether results marked AFTER_PUBLISHED are shown, and staff's score
 *     adjustments
 * @param countedSubmission which submission is the student's grade; LATEST in rules from before it
 */
public record AssignmentRules(
    String description,
    Instant opensAt,
    Instant dueAt,
    Instant lateUntil,
    double latePenaltyPercentPerDay,
    SubmissionLimit submissionLimit,
    Visibility defaultVisibility,
    boolean published,
    boolean gradesPublished,
    CountedSubmission countedSubmission)
    implements CborSerializable {

  private static final Duration DAY = Duration.ofDays(1);

  public AssignmentRules {
    description = description == null ? "" : description;
    defaultVisibility = defaultVisibility == null ? Visibility.VISIBLE : defaultVisibility;
    countedSubmission = countedSubmission == null ? CountedSubmission.LATEST : countedSubmission;
  }

  /** The last moment a submission is accepted, with the student's extension if any. */
  public Instant closesAt(Extension extension) {
    if (extension != null) {
      return extension.lateUntil() != null ? extension.lateUntil() : extension.dueAt();
    }
    return lateUntil != null ? lateUntil : dueAt;
  }

  public Instant dueFor(Extension extension) {
    return extension != null ? extension.dueAt() : dueAt;
  }

  /** How late a submission at {@code at} is: whole days past the due date, rounded up. */
  public Lateness lateness(Instant at, Extension extension) {
    Instant due = dueFor(extension);
    if (!at.isAfter(due)) {
      return Lateness.ON_TIME;
    }
    long millis = Duration.between(due, at).toMillis();
    int days = (int) ((millis + DAY.toMillis() - 1) / DAY.toMillis());
    return new Lateness(days, Math.min(100, days * latePenaltyPercentPerDay));
  }

  /** Whether the due date (the student's own) has passed, for results shown after it. */
  public boolean pastDue(Instant now, Extension extension) {
    return now.isAfter(dueFor(extension));
  }
}
