package dev.autograder.grader;

import dev.autograder.flavour.Flavour;
import dev.autograder.grading.Language;
import dev.autograder.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How the grading image compiles and runs a program in each language. */
final class Toolchain {
  /** The build step runs here with the sources, and leaves its output here for the test runs. */
  private static final String BUILD = Sandbox.BUILD;

  private final Language language;
  private final List<String> sources;
  private final EntryPoint entryPoint;

  private Toolchain(Language language, List<String> sources, EntryPoint entryPoint) {
    this.language = language;
    this.sources = sources;
    this.entryPoint = entryPoint;
  }

  /**
   * @param entryPoint the spec's Java main class or Python file; null to find it from the sources
   * @param problemNames names the program's main file or class may have (a problem's), to choose
   *     among several
   */
  static Toolchain of(
      Language language, String entryPoint, Map<String, byte[]> files, List<String> problemNames) {
    Map<String, byte[]> sources = new TreeMap<>();
    files.forEach(
        (path, content) -> {
          if (isSource(language, path)) {
            sources.put(path, content);
          }
        });
    return new Toolchain(
        language,
        List.copyOf(sources.keySet()),
        EntryPoint.of(language, entryPoint, sources, problemNames));
  }

  /** The language of a program given as files, by their endings (as Kattis packages do). */
  static Optional<Language> detect(Map<String, ?> files) {
    List<Language> found = new ArrayList<>();
    for (Language l : List.of(Language.CPP, Language.C, Language.JAVA, Language.PYTHON)) {
      if (files.keySet().stream().anyMatch(p -> isSource(l, p))) {
        found.add(l);
      }
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  private static boolean isSource(Language language, String path) {
    return switch (language) {
      case JAVA -> path.endsWith(".java");
      case PYTHON -> path.endsWith(".py");
      case C -> path.endsWith(".c");
      case CPP ->
          path.endsWith(".cpp")
              || path.endsWith(".cc")
              || path.endsWith(".cxx")
              || path.endsWith(".c++");
    };
  }

  Language language() {
    return language;
  }

  /** Why the program cannot be built or run: no source file of the language, or no entry point. */
  Optional<String> unbuildable() {
    if (sources.isEmpty()) {
      return Optional.of("the submission has no " + language.name().toLowerCase() + " source file");
    }
    return entryPoint instanceof EntryPoint.Unclear unclear
        ? Optional.of(unclear.why())
        : Optional.empty();
  }

  /**
   * How the entry point was found from the sources, for the compile output; empty when it was
   * given.
   */
  String entryPointChoice() {
    return entryPoint instanceof EntryPoint.Found found ? found.how() : "";
  }

  /**
   * The compile step, run in the build directory among the sources; for Python a syntax check (in
   * isolated mode, so that a submitted py_compile.py cannot stand in for the standard one), so that
   * a syntax error is a compile error. Sources are named from ./, so that no file name reads as an
   * option.
   */
  List<String> compileCommand() {
    List<String> cmd = new ArrayList<>();
    switch (language) {
      case JAVA ->
          cmd.addAll(List.of("javac", "-J-Xshare:auto", "-encoding", "UTF-8", "-d", BUILD));
      case PYTHON -> cmd.addAll(List.of("python3", "-I", "-m", "py_compile"));
      case C -> cmd.addAll(List.of("gcc", "-std=gnu17", "-O2", "-pipe", "-o", BUILD + "/program"));
      case CPP ->
          cmd.addAll(List.of("g++", "-std=gnu++17", "-O2", "-pipe", "-o", BUILD + "/program"));
    }
    sources.forEach(source -> cmd.add("./" + source));
    if (language == Language.C) {
      cmd.add("-lm");
    }
    return cmd;
  }

  List<String> runCommand(Flavour flavour, List<String> args) {
    return runCommand(flavour, args, BUILD);
  }

  /**
   * The run command of a build that lies in {@code build} (an interactor's, in its peer directory).
   */
  List<String> runCommand(Flavour flavour, List<String> args, String build) {
    String entry = entryPoint instanceof EntryPoint.Found found ? found.name() : "";
    List<String> cmd =
        new ArrayList<>(
            switch (language) {
              // The heap may grow to the whole memory limit, so running out of memory ends in the
              // kernel's
              // OOM kill or in Java's OutOfMemoryError, never in a smaller, arbitrary JVM default.
              case JAVA ->
                  List.of(
                      "java",
                      "-Xmx" + flavour.memoryBytes() / (1024 * 1024) + "m",
                      "-XX:+UseSerialGC",
                      "-Xss64m",
                      "-cp",
                      build,
                      entry);
              case PYTHON -> List.of("python3", build + "/" + entry);
              case C, CPP -> List.of(build + "/program");
            });
    cmd.addAll(args);
    return cmd;
  }

  /** Whether stderr says the language runtime ran out of memory (before the kernel stepped in). */
  boolean reportsOutOfMemory(String stderr) {
    return switch (language) {
      case JAVA -> stderr.contains("java.lang.OutOfMemoryError");
      case PYTHON -> stderr.strip().endsWith("MemoryError");
      case C, CPP -> stderr.contains("std::bad_alloc");
    };
  }
}
