package dev.autograder.grading;

import java.util.Map;
import java.util.Objects;

/**
 * A custom checker, run in a sandbox of its own as a Kattis output validator is: {@code checker
 * input_file answer_file feedback_dir < program_output}, exit 42 accepted, 43 wrong answer,
 * anything else a checker failure (INFRA_ERROR). What it writes to {@code
 * feedback_dir/judgemessage.txt} becomes the test's feedback.
 *
 * @param files the checker's source files (path to text)
 * @param entryPoint the Java main class or Python file; null for the language default
 */
public record CheckerProgram(Language language, Map<String, String> files, String entryPoint) {
  public CheckerProgram {
    Objects.requireNonNull(language, "language");
    files = Map.copyOf(files);
  }
}
