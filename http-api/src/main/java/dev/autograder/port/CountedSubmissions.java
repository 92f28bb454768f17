package dev.autograder.port;

import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.port.GradingDesk.SubmissionSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which of each student's submissions to an assignment counts, by the assignment's rule, and each
 * submission's number (1 for the student's first), for the grade book and the submission lists.
 */
public final class CountedSubmissions {
  private static final Comparator<SubmissionSummary> BY_ARRIVAL =
      Comparator.comparing(SubmissionSummary::receivedAt).thenComparing(SubmissionSummary::id);

  private final Map<String, Integer> numbers = new HashMap<>();
  private final Map<String, SubmissionSummary> counted = new LinkedHashMap<>();
  private final Map<String, SubmissionSummary> latest = new HashMap<>();

  /**
   * @param submissions one assignment's submissions, of any students, in any order
   */
  public CountedSubmissions(CountedSubmission rule, List<SubmissionSummary> submissions) {
    Map<String, List<SubmissionSummary>> byStudent = new LinkedHashMap<>();
    // A practice run counts for nothing: it is neither numbered nor ever the one that counts.
    submissions.stream()
        .filter(s -> !s.practice())
        .sorted(BY_ARRIVAL)
        .forEach(s -> byStudent.computeIfAbsent(s.student(), k -> new ArrayList<>()).add(s));
    byStudent.forEach(
        (student, mine) -> {
          for (int i = 0; i < mine.size(); i++) {
            numbers.put(mine.get(i).id(), i + 1);
          }
          counted.put(student, pick(rule, mine));
          latest.put(student, mine.get(mine.size() - 1));
        });
  }

  /**
   * @param mine one student's submissions, oldest first, at least one
   */
  static SubmissionSummary pick(CountedSubmission rule, List<SubmissionSummary> mine) {
    SubmissionSummary latest = mine.get(mine.size() - 1);
    return switch (rule) {
      case LATEST -> latest;
      // Equal scores: the later submission counts.
      case BEST ->
          mine.stream()
              .filter(s -> s.finalScore() != null)
              .max(Comparator.comparing(SubmissionSummary::finalScore).thenComparing(BY_ARRIVAL))
              .orElse(latest);
      case CHOSEN ->
          mine.stream()
              .filter(s -> s.chosenAt() != null)
              .max(Comparator.comparing(SubmissionSummary::chosenAt))
              .orElse(latest);
    };
  }

  /** The student's submission that counts; empty when they made none. */
  public Optional<SubmissionSummary> of(String student) {
    return Optional.ofNullable(counted.get(student));
  }

  /** The student's latest submission (practice runs aside); empty when they made none. */
  public Optional<SubmissionSummary> latestOf(String student) {
    return Optional.ofNullable(latest.get(student));
  }

  public boolean counts(SubmissionSummary s) {
    SubmissionSummary mine = counted.get(s.student());
    return mine != null && mine.id().equals(s.id());
  }

  /** Each student's submission that counts, by username. */
  public Map<String, SubmissionSummary> all() {
    return counted;
  }

  public boolean latest(SubmissionSummary s) {
    SubmissionSummary mine = latest.get(s.student());
    return mine != null && mine.id().equals(s.id());
  }

  public int number(SubmissionSummary s) {
    return numbers.getOrDefault(s.id(), 0);
  }
}
