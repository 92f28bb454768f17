package dev.autograder.queue;

/** What a job asks of a runner. */
public enum JobKind {
  /** Grade a student's submission. */
  GRADE,
  /**
   * Check an assignment's grading setup once, when its spec is uploaded: build a Gradescope
   * autograder's image, run a problem package's judge solutions. Its id names the assignment and
   * the spec version ({@link GradingJob#setupCheck}); it has no files.
   */
  SETUP_CHECK
}
