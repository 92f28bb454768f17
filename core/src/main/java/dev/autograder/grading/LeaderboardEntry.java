package dev.autograder.grading;

/**
 * One leaderboard column of a result (Gradescope's leaderboard).
 *
 * @param value the value as text (numbers keep their JSON spelling)
 * @param ascending true when smaller values rank higher
 */
public record LeaderboardEntry(String name, String value, boolean ascending) {}
