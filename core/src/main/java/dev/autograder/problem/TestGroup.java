package dev.autograder.problem;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A test data group: a directory under data/ with its rules and its items (test cases and
 * subgroups) in order of name, as the format runs them.
 *
 * @param path the directory below data/ ("secret/group1"), empty for data/ itself
 */
public record TestGroup(String path, GroupRules rules, List<TestNode> items) implements TestNode {
  public TestGroup {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rules, "rules");
    items = List.copyOf(items);
  }

  /** The group's test cases, its subgroups' included, in the order they run. */
  public Stream<TestCase> cases() {
    return items.stream()
        .flatMap(
            item -> item instanceof TestGroup group ? group.cases() : Stream.of((TestCase) item));
  }

  /** The group at {@code path} below this one (or this one), when there is one. */
  public Optional<TestGroup> group(String path) {
    if (path.equals(this.path)) {
      return Optional.of(this);
    }
    return items.stream()
        .filter(TestGroup.class::isInstance)
        .map(TestGroup.class::cast)
        .filter(g -> path.startsWith(g.path() + "/") || path.equals(g.path()))
        .findFirst()
        .flatMap(g -> g.group(path));
  }

  /** The group's last path element ("group1"), "data" for the root. */
  public String name() {
    return path.isEmpty() ? "data" : path.substring(path.lastIndexOf('/') + 1);
  }
}
