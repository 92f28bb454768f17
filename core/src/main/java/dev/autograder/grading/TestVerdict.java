package dev.autograder.grading;

import java.util.List;

/**
 * The result of one test.
 *
 * @param number the test's label in its suite ("1.2"), or empty
 * @param cpuMillis user + system CPU time, -1 when unknown
 * @param peakMemoryKib the largest resident set, -1 when unknown
 * @param exitCode the program's exit code, -1 when unknown
 * @param signal the signal that ended the program, 0 when none
 * @param feedback what the student may be told: a short diff, the end of stderr, a suite's message
 */
public record TestVerdict(
    String name,
    String number,
    Verdict verdict,
    double score,
    double maxScore,
    long wallMillis,
    long cpuMillis,
    long peakMemoryKib,
    int exitCode,
    int signal,
    Visibility visibility,
    String feedback,
    List<String> tags) {

  public TestVerdict {
    number = number == null ? "" : number;
    visibility = visibility == null ? Visibility.VISIBLE : visibility;
    feedback = feedback == null ? "" : feedback;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
