package dev.autograder.submission.archive;

import java.util.Arrays;
import java.util.Objects;

/** One file of a submission, at a relative path that {@link SubmissionArchive} has checked. */
public record SubmittedFile(String path, byte[] content) {

  public SubmittedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubmittedFile f && path.equals(f.path) && Arrays.equals(content, f.content);
  }

  @Override
  public int hashCode() {
    return 31 * path.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "SubmittedFile[" + path + ", " + content.length + " bytes]";
  }
}
