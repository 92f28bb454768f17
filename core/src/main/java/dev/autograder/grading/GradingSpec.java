package dev.autograder.grading;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * How an assignment is graded, in one of three formats: IO tests written here, a Gradescope-style
 * autograder archive, or a Kattis-format problem package. A spec without "format" is IO tests.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "format", defaultImpl = IoSpec.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = IoSpec.class, name = "io"),
  @JsonSubTypes.Type(value = ScriptSpec.class, name = "script"),
  @JsonSubTypes.Type(value = ProblemSpec.class, name = "problem")
})
public sealed interface GradingSpec permits IoSpec, ScriptSpec, ProblemSpec {
  double maxScore();

  /** The hashes of the blobs grading with this spec fetches beside it (an archive, a package). */
  default List<String> referencedBlobs() {
    return List.of();
  }
}
