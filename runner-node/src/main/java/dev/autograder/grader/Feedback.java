package dev.autograder.grader;

/** Short texts a student can read: where the output first differs, the end of stderr. */
final class Feedback {
  static final int MAX_CHARS = 2000;
  private static final int MAX_LINE = 200;

  private Feedback() {}

  /** The first line where expected and actual differ, with its line number. */
  static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    int n = Math.max(e.length, a.length);
    for (int i = 0; i < n; i++) {
      String el = i < e.length ? e[i] : null;
      String al = i < a.length ? a[i] : null;
      if (el == null || !el.equals(al)) {
        return "line " + (i + 1) + ":\n  expected: " + show(el) + "\n  actual:   " + show(al);
      }
    }
    return "the output differs only in whitespace";
  }

  private static String show(String line) {
    if (line == null) {
      return "(no line)";
    }
    String visible = line.replace("\r", "\\r").replace("\t", "\\t");
    return visible.length() > MAX_LINE ? visible.substring(0, MAX_LINE) + "…" : '"' + visible + '"';
  }

  /** The last part of a text, which is where compilers and runtimes say what went wrong. */
  static String tail(String text) {
    return text.length() <= MAX_CHARS ? text : "…" + text.substring(text.length() - MAX_CHARS);
  }
}
