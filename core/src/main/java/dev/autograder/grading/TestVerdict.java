package dev.autograder.grading;

/**
 * The result of one test.
 *
 * @param feedback what the student may be told: a short diff or the end of stderr
 * @param exitCode the program's exit code, or 128 + signal when a signal ended it
 */
public record TestVerdict(
    String name,
    Verdict verdict,
    double score,
    double maxScore,
    long wallMillis,
    int exitCode,
    boolean hidden,
    String feedback) {}
