package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the modules' main code, read from their sources: each lives in one module (a
 * package split across jars blurs which module owns a concept and lets package-private code reach
 * across them), and no packages depend on each other in a cycle.
 */
class PackageLayoutTest {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  // Imports and qualified names in code alike; comments are stripped first.
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.autograder(?:\\.\\w+)+");
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

  /** One main source file: its module, its package and the text it refers to others with. */
  private record Source(String module, String pkg, Path path, String code) {}

  private static List<Source> mainSources() {
    List<Source> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(NodeProcess.REPO)) {
      for (Path module : modules.sorted().toList()) {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            String text = Files.readString(file);
            Matcher pkg = PACKAGE.matcher(text);
            if (pkg.find()) {
              String code = COMMENT.matcher(text).replaceAll(" ");
              sources.add(new Source(module.getFileName().toString(), pkg.group(1), file, code));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }

  @Test
  void noPackageLivesInTwoModules() {
    Map<String, Map<String, List<Path>>> modulesByPackage = new TreeMap<>();
    for (Source s : mainSources()) {
      modulesByPackage
          .computeIfAbsent(s.pkg(), p -> new TreeMap<>())
          .computeIfAbsent(s.module(), m -> new ArrayList<>())
          .add(NodeProcess.REPO.relativize(s.path()));
    }
    assertFalse(modulesByPackage.isEmpty(), "no main sources found under " + NodeProcess.REPO);
    Map<String, Map<String, List<Path>>> split = new TreeMap<>(modulesByPackage);
    split.values().removeIf(modules -> modules.size() == 1);
    split.forEach(
        (pkg, modules) -> {
          System.out.println("[layout] package " + pkg + " is split across modules:");
          modules.forEach((module, files) -> System.out.println("  " + module + ": " + files));
        });
    assertEquals(Map.of(), split, "packages in more than one module (listed above)");
  }

  @Test
  void noPackagesDependOnEachOtherInACycle() {
    List<Source> sources = mainSources();
    Set<String> packages = new TreeSet<>();
    sources.forEach(s -> packages.add(s.pkg()));
    // package -> package it refers to -> one file that does, for the diagnosis
    Map<String, Map<String, Path>> edges = new TreeMap<>();
    for (Source s : sources) {
      Map<String, Path> out = edges.computeIfAbsent(s.pkg(), p -> new TreeMap<>());
      Matcher ref = REFERENCE.matcher(s.code());
      while (ref.find()) {
        String target = longestKnownPrefix(ref.group(), packages);
        if (target != null && !target.equals(s.pkg())) {
          out.putIfAbsent(target, NodeProcess.REPO.relativize(s.path()));
        }
      }
    }
    List<List<String>> cycles = new StronglyConnected(edges).components();
    cycles.removeIf(component -> component.size() == 1);
    for (List<String> cycle : cycles) {
      System.out.println("[layout] these packages depend on each other: " + cycle);
      for (String from : cycle) {
        edges
            .get(from)
            .forEach(
                (to, file) -> {
                  if (cycle.contains(to)) {
                    System.out.println("  " + from + " -> " + to + " (e.g. " + file + ")");
                  }
                });
      }
    }
    assertEquals(List.of(), cycles, "package cycles (listed above)");
  }

  private static String longestKnownPrefix(String name, Set<String> packages) {
    for (String candidate = name;
        candidate.contains(".");
        candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
      if (packages.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Tarjan's strongly connected components of the package graph. */
  private static final class StronglyConnected {
    private final Map<String, Map<String, Path>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<List<String>> components = new ArrayList<>();

    StronglyConnected(Map<String, Map<String, Path>> edges) {
      this.edges = edges;
    }

    List<List<String>> components() {
      edges.keySet().forEach(p -> index.putIfAbsent(p, -1));
      for (String p : edges.keySet()) {
        if (index.get(p) == -1) {
          visit(p);
        }
      }
      return components;
    }

    private void visit(String p) {
      index.put(p, lowLink.size());
      lowLink.put(p, lowLink.size());
      stack.push(p);
      for (String q : edges.getOrDefault(p, Map.of()).keySet()) {
        if (index.getOrDefault(q, -1) == -1) {
          visit(q);
          lowLink.put(p, Math.min(lowLink.get(p), lowLink.get(q)));
        } else if (stack.contains(q)) {
          lowLink.put(p, Math.min(lowLink.get(p), index.get(q)));
        }
      }
      if (lowLink.get(p).equals(index.get(p))) {
        List<String> component = new ArrayList<>();
        String q;
        do {
          q = stack.pop();
          component.add(q);
        } while (!q.equals(p));
        component.sort(null);
        components.add(component);
      }
    }
  }
}
