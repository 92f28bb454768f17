package dev.autograder.course.rules;

/** Which of a student's submissions to an assignment is their grade. */
public enum CountedSubmission {
  /** The latest one, graded or not. */
  LATEST,
  /** The graded one with the highest final score; the latest of those on a tie. */
  BEST,
  /**
   * The one the student picked before the due date (staff may pick any time); none picked: the
   * latest.
   */
  CHOSEN
}
