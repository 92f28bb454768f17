package dev.autograder.grading;

/**
 * The result of one test data group of a problem package (a subtask), as the package's grader
 * computed it.
 *
 * @param path the group's directory below data/, e.g. "secret/group1"
 * @param maxScore the most the group can score
 */
public record GroupResult(String path, Verdict verdict, double score, double maxScore) {}
