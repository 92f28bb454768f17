package dev.autograder.problem;

import dev.autograder.problem.TestCase.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads data/ as the format's tree of test data groups: data/sample then data/secret, each
 * directory a group with its testdata.yaml, its test cases (each NAME.in with its NAME.ans) and its
 * subgroups, in order of name.
 */
final class TestData {

  private static final String INPUT = ".in";
  private static final String ANSWER = ".ans";

  private TestData() {}

  /**
   * The root group (data/), whose items are the sample group, when there is one, and the secret
   * group.
   */
  static TestGroup read(PackageFiles files) {
    SortedMap<String, byte[]> data = files.under("data/");
    GroupRules root = rules(data, "", GroupRules.DEFAULTS);
    List<TestNode> items = new ArrayList<>();
    if (hasDirectory(data, "sample/")) {
      items.add(group(data, "sample", Group.SAMPLE, root));
    }
    TestGroup secret = group(data, "secret", Group.SECRET, root);
    if (secret.cases().findAny().isEmpty()) {
      throw new InvalidPackageException(
          "the package has no secret test cases: put them in data/secret/ as NAME.in with NAME.ans");
    }
    items.add(secret);
    return new TestGroup("", root, items);
  }

  private static boolean hasDirectory(SortedMap<String, byte[]> data, String directory) {
    return data.keySet().stream().anyMatch(path -> path.startsWith(directory));
  }

  private static TestGroup group(
      SortedMap<String, byte[]> data, String path, Group kind, GroupRules parent) {
    GroupRules rules = rules(data, path + "/", parent);
    SortedMap<String, byte[]> inputs = new TreeMap<>();
    SortedMap<String, byte[]> answers = new TreeMap<>();
    SortedMap<String, Boolean> subgroups = new TreeMap<>();
    PackageFiles.under(data, path + "/")
        .forEach(
            (file, content) -> {
              int slash = file.indexOf('/');
              if (slash >= 0) {
                if (file.endsWith(INPUT)) {
                  subgroups.put(file.substring(0, slash), true);
                }
              } else if (file.endsWith(INPUT)) {
                inputs.put(file.substring(0, file.length() - INPUT.length()), content);
              } else if (file.endsWith(ANSWER)) {
                answers.put(file.substring(0, file.length() - ANSWER.length()), content);
              }
            });
    requireAll(path, inputs.keySet(), answers, INPUT, ANSWER);
    requireAll(path, answers.keySet(), inputs, ANSWER, INPUT);
    SortedMap<String, TestNode> items = new TreeMap<>();
    inputs.forEach(
        (name, input) ->
            items.put(name, new TestCase(path + "/" + name, kind, input, answers.get(name))));
    for (String subgroup : subgroups.keySet()) {
      if (items.containsKey(subgroup)) {
        throw new InvalidPackageException(
            "data/"
                + PackageFiles.printable(path + "/" + subgroup)
                + " is both a test case and a test group: rename one of them");
      }
      items.put(subgroup, group(data, path + "/" + subgroup, kind, rules));
    }
    return new TestGroup(path, rules, List.copyOf(items.values()));
  }

  /** The rules of the group in {@code directory} (ending in '/', empty for data/ itself). */
  private static GroupRules rules(
      SortedMap<String, byte[]> data, String directory, GroupRules parent) {
    for (String name : TestdataYaml.FILE_NAMES) {
      Optional<byte[]> yaml = Optional.ofNullable(data.get(directory + name));
      if (yaml.isPresent()) {
        return TestdataYaml.over(
            parent, "data/" + PackageFiles.printable(directory) + name, yaml.get());
      }
    }
    return TestdataYaml.over(parent, "data/" + directory, new byte[0]);
  }

  private static void requireAll(
      String path,
      Iterable<String> names,
      Map<String, byte[]> partners,
      String extension,
      String partnerExtension) {
    for (String name : names) {
      if (!partners.containsKey(name)) {
        String file = "data/" + PackageFiles.printable(path + "/" + name);
        throw new InvalidPackageException(
            file + extension + " has no matching " + file + partnerExtension);
      }
    }
  }
}
