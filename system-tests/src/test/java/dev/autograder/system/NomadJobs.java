package dev.autograder.system;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Nomad jobs under nomad/, read with a real HCL parser. */
final class NomadJobs {
  static final Path DIRECTORY = NodeProcess.REPO.resolve("nomad");

  /** A job, or any block of it: its attributes and nested blocks as the parser gives them. */
  record Block(String name, Map<String, Object> body) {
    /**
     * The unlabelled blocks of a type ({@code restart}, {@code service}): the parser gives a map,
     * or a list when repeated.
     */
    List<Block> blocks(String type) {
      Object value = body.get(type);
      List<Block> found = new ArrayList<>();
      if (value instanceof Map<?, ?> one) {
        found.add(new Block(type, cast(one)));
      } else if (value instanceof List<?> many) {
        many.forEach(b -> found.add(new Block(type, cast((Map<?, ?>) b))));
      }
      return found;
    }

    Block block(String type) {
      List<Block> found = blocks(type);
      if (found.size() != 1) {
        throw new AssertionError(name + " has " + found.size() + " " + type + " blocks, not one");
      }
      return found.get(0);
    }

    /** The labelled blocks of a type ({@code group "NAME"}, {@code task "NAME"}), by label. */
    List<Block> labelled(String type) {
      Object value = body.get(type);
      List<Block> found = new ArrayList<>();
      if (value instanceof Map<?, ?> byLabel) {
        byLabel.forEach((label, b) -> found.add(new Block((String) label, cast((Map<?, ?>) b))));
      }
      return found;
    }

    String string(String attribute) {
      Object value = body.get(attribute);
      if (!(value instanceof String s)) {
        throw new AssertionError(name + "." + attribute + " is not a string: " + value);
      }
      return s;
    }

    long number(String attribute) {
      Object value = body.get(attribute);
      if (!(value instanceof Number n)) {
        throw new AssertionError(name + "." + attribute + " is not a number: " + value);
      }
      return Math.round(n.doubleValue());
    }

    Object get(String attribute) {
      return body.get(attribute);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
  }

  /** A job file: its path, its text, and its jobs. */
  record JobFile(Path path, String text, List<Block> jobs) {}

  private static final Pattern VARIABLE = Pattern.compile("\\b(AUTOGRADER_[A-Z_]+)\\b");
  private static final Pattern METRIC = Pattern.compile("\\b(autograder_[a-z_]+)\\b");

  private NomadJobs() {}

  /**
   * Every file under nomad/ but its README and Prometheus's configuration (nomad/prometheus), each
   * parsed as HCL.
   */
  static List<JobFile> files() throws IOException {
    List<JobFile> files = new ArrayList<>();
    Path prometheus = DIRECTORY.resolve("prometheus");
    try (Stream<Path> all = Files.walk(DIRECTORY)) {
      for (Path path :
          all.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals("README.md"))
              .filter(p -> !p.startsWith(prometheus))
              .sorted()
              .toList()) {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        Map<String, Object> parsed;
        try {
          parsed = new HCLParser().parse(text);
        } catch (Exception e) {
          throw new AssertionError(path + " is not valid HCL: " + e.getMessage(), e);
        }
        files.add(new JobFile(path, text, new Block("file", parsed).labelled("job")));
      }
    }
    return files;
  }

  static Block job(String name) throws IOException {
    return files().stream()
        .flatMap(f -> f.jobs().stream())
        .filter(j -> j.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no file under nomad/ defines the job " + name));
  }

  /** The environment variables (AUTOGRADER_*) that the jobs set or render. */
  static Set<String> variables() throws IOException {
    return matches(VARIABLE);
  }

  /** The Prometheus series (autograder_*) that the jobs' scaling policies query. */
  static Set<String> metrics() throws IOException {
    Set<String> found = new TreeSet<>();
    for (JobFile file : files()) {
      for (Block job : file.jobs()) {
        for (Block group : job.labelled("group")) {
          for (Block scaling : group.blocks("scaling")) {
            for (Block check : scaling.block("policy").labelled("check")) {
              found.addAll(matches(METRIC, check.string("query")));
            }
          }
        }
      }
    }
    return found;
  }

  private static Set<String> matches(Pattern pattern) throws IOException {
    Set<String> found = new TreeSet<>();
    for (JobFile file : files()) {
      found.addAll(matches(pattern, file.text()));
    }
    return found;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
