package dev.autograder.grading;

import java.util.List;
import java.util.Objects;

/**
 * A Gradescope-style autograder: an archive with setup.sh (run once per archive to build the
 * assignment's image) and run_autograder (run per submission, writing results/results.json).
 *
 * @param autograderHash SHA-256 of the autograder zip in the blob store
 * @param timeLimitMillis wall-clock limit of one run_autograder, 0 for the flavour's compile limit
 */
public record ScriptSpec(String autograderHash, double maxScore, long timeLimitMillis)
    implements GradingSpec {
  public ScriptSpec {
    Objects.requireNonNull(autograderHash, "autograderHash");
  }

  @Override
  public List<String> referencedBlobs() {
    return List.of(autograderHash);
  }
}
