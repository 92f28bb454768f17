package dev.autograder.problem;

import dev.autograder.problem.TestCase.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads the test cases under data/: each NAME.in with its NAME.ans, samples first. */
final class TestData {

  private static final String INPUT = ".in";
  private static final String ANSWER = ".ans";

  private TestData() {}

  static List<TestCase> read(PackageFiles files) {
    List<TestCase> secret = group(files, Group.SECRET);
    if (secret.isEmpty()) {
      throw new InvalidPackageException(
          "the package has no secret test cases: put them in data/secret/ as NAME.in with NAME.ans");
    }
    List<TestCase> cases = new ArrayList<>(group(files, Group.SAMPLE));
    cases.addAll(secret);
    return List.copyOf(cases);
  }

  /** The group's cases, its subdirectories (test groups) included, in order of name. */
  private static List<TestCase> group(PackageFiles files, Group group) {
    String directory = group.name().toLowerCase(Locale.ROOT) + "/";
    SortedMap<String, byte[]> inputs = new TreeMap<>();
    SortedMap<String, byte[]> answers = new TreeMap<>();
    files.under("data/" + directory).forEach((path, content) -> {
      if (path.endsWith(INPUT)) {
        inputs.put(directory + path.substring(0, path.length() - INPUT.length()), content);
      } else if (path.endsWith(ANSWER)) {
        answers.put(directory + path.substring(0, path.length() - ANSWER.length()), content);
      }
    });
    requireAll(inputs.keySet(), answers, INPUT, ANSWER);
    requireAll(answers.keySet(), inputs, ANSWER, INPUT);
    return inputs.entrySet().stream()
        .map(e -> new TestCase(e.getKey(), group, e.getValue(), answers.get(e.getKey())))
        .toList();
  }

  private static void requireAll(
      Iterable<String> names, SortedMap<String, byte[]> partners, String extension, String partnerExtension) {
    for (String name : names) {
      if (!partners.containsKey(name)) {
        throw new InvalidPackageException("data/" + PackageFiles.printable(name) + extension
            + " has no matching data/" + PackageFiles.printable(name) + partnerExtension);
      }
    }
  }
}
