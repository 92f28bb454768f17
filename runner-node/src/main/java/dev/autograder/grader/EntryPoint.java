package dev.autograder.grader;

import dev.autograder.grading.Language;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a program starts: the Java class or the Python file to run. When the spec names none it is
 * found from the sources as Kattis finds it: for Java the class declaring {@code public static void
 * main(String[])} (in its package), for Python the only file, or the one named like the problem, or
 * main.py.
 */
sealed interface EntryPoint {

  /**
   * The entry point, and how it was chosen (empty when the spec named it or the language has none).
   */
  record Found(String name, String how) implements EntryPoint {}

  /** No rule picks one: the submission cannot be run, and {@code why} says what to change. */
  record Unclear(String why) implements EntryPoint {}

  Pattern PACKAGE =
      Pattern.compile("\\bpackage\\s+([\\p{L}_$][\\w$]*(?:\\s*\\.\\s*[\\p{L}_$][\\w$]*)*)\\s*;");
  Pattern MAIN =
      Pattern.compile(
          "((?:\\b(?:public|static|final|synchronized|strictfp)\\s+)+)void\\s+main\\s*\\(\\s*"
              + "(?:final\\s+)?(?:java\\s*\\.\\s*lang\\s*\\.\\s*)?String\\s*"
              + "(?:\\[\\s*]\\s*[\\w$]+|\\.\\.\\.\\s*[\\w$]+|[\\w$]+\\s*\\[\\s*])\\s*\\)");
  Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");

  /**
   * @param given the spec's entry point, null or blank when it names none
   * @param sources the program's source files of {@code language}, by path
   * @param problemNames names a file or class may have to be the one a problem runs (none outside
   *     packages)
   */
  static EntryPoint of(
      Language language, String given, Map<String, byte[]> sources, List<String> problemNames) {
    if (given != null && !given.isBlank()) {
      return new Found(given, "");
    }
    return switch (language) {
      case JAVA -> java(sources, problemNames);
      case PYTHON -> python(sources, problemNames);
      case C, CPP -> new Found("", "");
    };
  }

  private static EntryPoint java(Map<String, byte[]> sources, List<String> problemNames) {
    List<String> mains = new ArrayList<>();
    sources
        .values()
        .forEach(source -> mains.addAll(mainClasses(new String(source, StandardCharsets.UTF_8))));
    if (mains.size() == 1) {
      return new Found(
          mains.get(0), "main class " + mains.get(0) + ": the class that declares main");
    }
    if (mains.isEmpty()) {
      if (sources.size() == 1) {
        // Our reading of the source found no main: run the class its file names, and let Java say
        // more.
        String path = sources.keySet().iterator().next();
        byte[] source = sources.values().iterator().next();
        String name =
            packagePrefix(stripped(new String(source, StandardCharsets.UTF_8)))
                + baseName(path, ".java");
        return new Found(name, "main class " + name + ": named after the only source file");
      }
      return new Unclear("no class declares public static void main(String[] args)");
    }
    List<String> preferred = preferred(mains, simpleName -> simpleName, problemNames, "Main");
    if (preferred.size() == 1) {
      return new Found(
          preferred.get(0),
          "main class "
              + preferred.get(0)
              + ": of the classes that declare main ("
              + String.join(", ", mains)
              + "), the one named like the problem or Main");
    }
    return new Unclear(
        "several classes declare main ("
            + String.join(", ", mains)
            + ") and none is named like the problem or Main: keep main in one class");
  }

  private static EntryPoint python(Map<String, byte[]> sources, List<String> problemNames) {
    List<String> files = sources.keySet().stream().sorted().toList();
    if (files.size() == 1) {
      return new Found(files.get(0), "running " + files.get(0) + ": the only Python file");
    }
    if (files.isEmpty()) {
      // Nothing to build: the build says so.
      return new Found("main.py", "");
    }
    List<String> preferred = preferred(files, path -> baseName(path, ".py"), problemNames, "main");
    if (preferred.size() == 1) {
      return new Found(
          preferred.get(0),
          "running " + preferred.get(0) + ": the file named like the problem or main.py");
    }
    return new Unclear(
        "several Python files ("
            + String.join(", ", files)
            + ") and none is named like the problem or main.py: name the one to run main.py");
  }

  /**
   * The candidates named like the problem; failing that, those named {@code fallback}. Names
   * compare by their letters and digits, in any case, so "Guess the Number" names GuessTheNumber.
   */
  private static List<String> preferred(
      List<String> candidates,
      UnaryOperator<String> nameOf,
      List<String> problemNames,
      String fallback) {
    Set<String> problem =
        problemNames.stream()
            .map(EntryPoint::normalized)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toSet());
    List<String> named =
        candidates.stream()
            .filter(c -> problem.contains(normalized(simpleName(nameOf.apply(c)))))
            .toList();
    if (!named.isEmpty()) {
      return named;
    }
    return candidates.stream().filter(c -> simpleName(nameOf.apply(c)).equals(fallback)).toList();
  }

  private static String normalized(String name) {
    return name.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
  }

  /** The last part of a class or file name: x.y.Outer$Inner is Inner, dir/solve is solve. */
  private static String simpleName(String name) {
    return name.substring(
        Math.max(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')), name.lastIndexOf('/'))
            + 1);
  }

  private static String baseName(String path, String extension) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return file.endsWith(extension) ? file.substring(0, file.length() - extension.length()) : file;
  }

  /**
   * The binary names (x.y.Outer$Inner) of the classes in a source file that declare a public static
   * main.
   */
  static List<String> mainClasses(String source) {
    String code = stripped(source);
    List<Integer> mainsAt = new ArrayList<>();
    Matcher main = MAIN.matcher(code);
    while (main.find()) {
      Set<String> modifiers = Set.of(main.group(1).trim().split("\\s+"));
      if (modifiers.contains("public") && modifiers.contains("static")) {
        mainsAt.add(main.start());
      }
    }
    if (mainsAt.isEmpty()) {
      return List.of();
    }
    String prefix = packagePrefix(code);
    List<String> classes = new ArrayList<>();
    // Which type body each main sits in: type declarations and braces, in order.
    record Open(String name, int depth) {}
    Deque<Open> types = new ArrayDeque<>();
    String pending = null;
    int depth = 0;
    int next = 0;
    for (int i = 0; i < code.length() && next < mainsAt.size(); i++) {
      char c = code.charAt(i);
      while (next < mainsAt.size() && mainsAt.get(next) <= i) {
        if (!types.isEmpty()) {
          List<String> nesting = new ArrayList<>();
          types.descendingIterator().forEachRemaining(t -> nesting.add(t.name()));
          classes.add(prefix + String.join("$", nesting));
        }
        next++;
      }
      if (c == '{') {
        depth++;
        if (pending != null) {
          types.push(new Open(pending, depth));
          pending = null;
        }
      } else if (c == '}') {
        if (!types.isEmpty() && types.peek().depth() == depth) {
          types.pop();
        }
        depth--;
      } else if (c == ';') {
        pending = null;
      } else if (Character.isJavaIdentifierStart(c)
          && (i == 0 || !Character.isJavaIdentifierPart(code.charAt(i - 1)))) {
        int end = identifierEnd(code, i);
        String word = code.substring(i, end);
        if (TYPE_KEYWORDS.contains(word) && !afterDot(code, i)) {
          int nameStart = skipSpace(code, end);
          int nameEnd = identifierEnd(code, nameStart);
          if (nameEnd > nameStart) {
            pending = code.substring(nameStart, nameEnd);
          }
        }
        i = end - 1;
      }
    }
    return classes;
  }

  private static String packagePrefix(String code) {
    Matcher pkg = PACKAGE.matcher(code);
    return pkg.find() ? pkg.group(1).replaceAll("\\s", "") + "." : "";
  }

  private static int identifierEnd(String code, int from) {
    int i = from;
    if (i < code.length() && Character.isJavaIdentifierStart(code.charAt(i))) {
      i++;
      while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
        i++;
      }
    }
    return i;
  }

  private static int skipSpace(String code, int from) {
    int i = from;
    while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
      i++;
    }
    return i;
  }

  /** String.class names no type. */
  private static boolean afterDot(String code, int at) {
    int i = at - 1;
    while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
      i--;
    }
    return i >= 0 && code.charAt(i) == '.';
  }

  /**
   * The source with comments, string and character literals (text blocks too) blanked out, keeping
   * every offset, so that braces and words inside them do not count.
   */
  static String stripped(String source) {
    StringBuilder out = new StringBuilder(source);
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && source.charAt(end - 1) == '\\') {
          end = source.indexOf("\"\"\"", end + 1);
        }
        end = end < 0 ? n : end + 3;
      } else if (c == '"' || c == '\'') {
        end = i + 1;
        while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(n, end + 1);
      } else {
        i++;
        continue;
      }
      for (int j = i; j < end; j++) {
        if (out.charAt(j) != '\n') {
          out.setCharAt(j, ' ');
        }
      }
      i = end;
    }
    return out.toString();
  }
}
