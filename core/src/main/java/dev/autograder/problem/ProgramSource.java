package dev.autograder.problem;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A program shipped in a package (an output validator or an accepted solution). The arrays are not
 * copied: read them, do not change them.
 *
 * @param name the file or directory name the program has in the package, e.g. "validate.py"
 * @param files the program's files, by path relative to its directory (or just its file name)
 */
public record ProgramSource(String name, Map<String, byte[]> files) {

  public ProgramSource {
    Objects.requireNonNull(name, "name");
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** Each file or directory directly in {@code directory} is one program, in order of name. */
  static List<ProgramSource> eachIn(SortedMap<String, byte[]> directory) {
    SortedMap<String, SortedMap<String, byte[]>> programs = new TreeMap<>();
    directory.forEach(
        (path, content) -> {
          int slash = path.indexOf('/');
          String name = slash < 0 ? path : path.substring(0, slash);
          String inProgram = slash < 0 ? path : path.substring(slash + 1);
          programs.computeIfAbsent(name, n -> new TreeMap<>()).put(inProgram, content);
        });
    return programs.entrySet().stream()
        .map(e -> new ProgramSource(e.getKey(), e.getValue()))
        .toList();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ProgramSource other)
        || !name.equals(other.name)
        || !files.keySet().equals(other.files.keySet())) {
      return false;
    }
    return files.entrySet().stream()
        .allMatch(e -> Arrays.equals(e.getValue(), other.files.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    int hash = name.hashCode();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      hash = 31 * hash + (e.getKey().hashCode() ^ Arrays.hashCode(e.getValue()));
    }
    return hash;
  }

  @Override
  public String toString() {
    return "ProgramSource["
        + name
        + ", "
        + files.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue().length + " bytes)")
            .collect(Collectors.joining(", ", "{", "}"))
        + "]";
  }
}
