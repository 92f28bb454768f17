package dev.autograder.problem;

import dev.autograder.grading.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A package's judge solutions by the directory of submissions/ that says what each must get, with
 * the format's default expectations: every test case's verdict must be a permitted one and, but for
 * accepted/, one of them the required one (a run out of memory counts as a run-time error).
 */
public final class JudgeSolutions {

  /** A directory of submissions/ and what its programs must get. */
  public enum Category {
    ACCEPTED("accepted", Set.of(Verdict.ACCEPTED), Verdict.ACCEPTED),
    WRONG_ANSWER(
        "wrong_answer", Set.of(Verdict.ACCEPTED, Verdict.WRONG_ANSWER), Verdict.WRONG_ANSWER),
    TIME_LIMIT_EXCEEDED(
        "time_limit_exceeded", Set.of(Verdict.ACCEPTED, Verdict.TIME_LIMIT), Verdict.TIME_LIMIT),
    RUN_TIME_ERROR(
        "run_time_error", Set.of(Verdict.ACCEPTED, Verdict.RUNTIME_ERROR), Verdict.RUNTIME_ERROR);

    private final String directory;
    private final Set<Verdict> permitted;
    private final Verdict required;

    Category(String directory, Set<Verdict> permitted, Verdict required) {
      this.directory = directory;
      this.permitted = permitted;
      this.required = required;
    }

    public String directory() {
      return directory;
    }

    /** Why the test cases' verdicts (in order) do not meet this category, or empty when they do. */
    public Optional<String> unmet(List<Verdict> verdicts) {
      for (Verdict v : verdicts) {
        if (!permitted.contains(seen(v))) {
          return Optional.of(
              "got " + v + " on a test case; " + directory + "/ permits only " + permitted);
        }
      }
      if (verdicts.stream().map(Category::seen).noneMatch(required::equals)) {
        return Optional.of(
            required == Verdict.ACCEPTED
                ? "no test case was run"
                : "passed every test case; "
                    + directory
                    + "/ must get "
                    + required
                    + " on at least one");
      }
      return Optional.empty();
    }

    /** The format has no memory verdict: running out of memory is a run-time error. */
    private static Verdict seen(Verdict v) {
      return v == Verdict.MEMORY_LIMIT ? Verdict.RUNTIME_ERROR : v;
    }
  }

  /** A judge solution and the directory it is in. */
  public record Solution(Category category, ProgramSource program) {
    /** Its path in the package, e.g. "submissions/wrong_answer/off_by_one.py". */
    public String path() {
      return "submissions/" + category.directory() + "/" + program.name();
    }
  }

  private JudgeSolutions() {}

  /** Every judge solution of the package in the four directories, accepted ones first. */
  public static List<Solution> read(byte[] zip, long maxUnpackedBytes) {
    PackageFiles files = PackageFiles.read(zip, maxUnpackedBytes);
    List<Solution> all = new ArrayList<>();
    for (Category category : Category.values()) {
      ProgramSource.eachIn(files.under("submissions/" + category.directory() + "/"))
          .forEach(program -> all.add(new Solution(category, program)));
    }
    return all;
  }
}
