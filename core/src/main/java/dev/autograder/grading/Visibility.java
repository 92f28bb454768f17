package dev.autograder.grading;

/** When a student may see a test (or a whole result): Gradescope's four settings. */
public enum Visibility {
  VISIBLE,
  HIDDEN,
  AFTER_DUE_DATE,
  AFTER_PUBLISHED;

  /**
   * Whether a student sees it now, given whether the due date has passed and grades are published.
   */
  public boolean shownToStudent(boolean pastDue, boolean published) {
    return switch (this) {
      case VISIBLE -> true;
      case HIDDEN -> false;
      case AFTER_DUE_DATE -> pastDue;
      case AFTER_PUBLISHED -> published;
    };
  }
}
