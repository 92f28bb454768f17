package dev.autograder.grading;

import java.util.List;

/**
 * A result as a student may see it (see {@link GradingResult#forStudent}).
 *
 * @param verdict null while the result is not yet visible
 * @param score null while the result is not yet visible
 * @param hiddenTests how many tests are left out of {@code tests}
 * @param groups a scoring problem's test groups with their scores; empty while the result is not
 *     visible
 */
public record StudentResult(
    Verdict verdict,
    Double score,
    double maxScore,
    String compileOutput,
    List<TestVerdict> tests,
    int hiddenTests,
    String output,
    String log,
    List<LeaderboardEntry> leaderboard,
    List<GroupResult> groups) {}
