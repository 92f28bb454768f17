package dev.autograder.problem;

import java.util.Arrays;
import java.util.Objects;

/**
 * One test case of a problem package. The arrays are the package's own bytes, not copies: read
 * them, do not change them.
 *
 * @param name the path below data/ without extension, e.g. "secret/group1/03-big"
 */
public record TestCase(String name, Group group, byte[] input, byte[] answer) implements TestNode {

  /** Sample cases are shown to students; secret cases are what a submission is graded on. */
  public enum Group {
    SAMPLE,
    SECRET
  }

  public TestCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(answer, "answer");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestCase other
        && name.equals(other.name)
        && group == other.group
        && Arrays.equals(input, other.input)
        && Arrays.equals(answer, other.answer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, group, Arrays.hashCode(input), Arrays.hashCode(answer));
  }

  @Override
  public String toString() {
    return "TestCase["
        + name
        + ", "
        + group
        + ", input "
        + input.length
        + " bytes, answer "
        + answer.length
        + " bytes]";
  }
}
