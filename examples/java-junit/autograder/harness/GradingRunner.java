import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Runs JUnit 4 test classes and writes Gradescope's results.json by hand (no JSON library).
 *
 * <pre>
 * GradingRunner --run RESULTS MAX_SCORE TestClass...   run the tests, one result per test method
 * GradingRunner --failed RESULTS MAX_SCORE TITLE LOG   one failed result holding the end of LOG
 * </pre>
 */
public final class GradingRunner {
  private static final int OUTPUT_SHOWN = 3000;

  /** What happened to one test. */
  private static final class Outcome {
    final String name;
    final double points;
    boolean started;
    boolean passed;
    long startedNanos;
    long millis = -1;
    String message = "";

    Outcome(String name, double points) {
      this.name = name;
      this.points = points;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length >= 5 && args[0].equals("--failed")) {
      writeFailed(Path.of(args[1]), Double.parseDouble(args[2]), args[3], Path.of(args[4]));
    } else if (args.length >= 4 && args[0].equals("--run")) {
      List<Class<?>> classes = new ArrayList<>();
      for (int i = 3; i < args.length; i++) {
        classes.add(Class.forName(args[i]));
      }
      run(Path.of(args[1]), classes);
    } else {
      System.err.println("usage: GradingRunner --run RESULTS MAX_SCORE TestClass... | --failed RESULTS MAX_SCORE TITLE LOG");
      System.exit(2);
    }
    // Threads of timed-out tests may still be running the submission's code: end them all.
    System.exit(0);
  }

  private static void run(Path results, List<Class<?>> classes) throws IOException {
    Map<Description, Outcome> outcomes = new LinkedHashMap<>();
    List<Request> requests = new ArrayList<>();
    for (Class<?> c : classes) {
      Request request = Request.aClass(c);
      requests.add(request);
      for (Description test : request.getRunner().getDescription().getChildren()) {
        Points points = test.getAnnotation(Points.class);
        outcomes.put(test, new Outcome(c.getSimpleName() + "." + test.getMethodName(),
            points == null ? 1 : points.value()));
      }
    }
    JUnitCore core = new JUnitCore();
    core.addListener(new RunListener() {
      @Override
      public void testStarted(Description d) {
        Outcome o = outcomes.get(d);
        if (o != null) {
          o.started = true;
          o.passed = true;
          o.startedNanos = System.nanoTime();
        }
      }

      @Override
      public void testFinished(Description d) {
        Outcome o = outcomes.get(d);
        if (o != null) {
          o.millis = (System.nanoTime() - o.startedNanos) / 1_000_000;
        }
      }

      @Override
      public void testFailure(Failure f) {
        fail(f);
      }

      @Override
      public void testAssumptionFailure(Failure f) {
        fail(f);
      }

      private void fail(Failure f) {
        Outcome o = outcomes.get(f.getDescription());
        if (o != null) {
          o.passed = false;
          o.message = describe(f);
          return;
        }
        // A failure of a whole class (its setup, or a class that cannot be run): every test of it.
        for (Map.Entry<Description, Outcome> e : outcomes.entrySet()) {
          if (e.getKey().getTestClass() == f.getDescription().getTestClass() && !e.getValue().passed) {
            e.getValue().message = describe(f);
          }
        }
      }
    });
    for (Request request : requests) {
      core.run(request);
    }

    StringBuilder tests = new StringBuilder();
    double total = 0;
    int passed = 0;
    for (Outcome o : outcomes.values()) {
      boolean ok = o.started && o.passed;
      String message = ok ? "Passed in " + o.millis + " ms."
          : o.message.isEmpty() ? "The test did not run." : o.message;
      if (ok) {
        total += o.points;
        passed++;
      }
      if (tests.length() > 0) {
        tests.append(",\n");
      }
      tests.append(test(o.name, ok ? o.points : 0, o.points, ok, message));
    }
    String summary = passed + " of " + outcomes.size() + " tests passed.";
    write(results, "{\"score\": " + total + ",\n \"output\": " + quote(summary) + ",\n \"tests\": [\n"
        + tests + "\n]}\n");
    System.out.println(summary);
  }

  private static void writeFailed(Path results, double maxScore, String title, Path log) throws IOException {
    String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    if (text.length() > OUTPUT_SHOWN) {
      text = "[...]\n" + text.substring(text.length() - OUTPUT_SHOWN);
    }
    write(results, "{\"score\": 0.0,\n \"output\": " + quote(title + " failed.") + ",\n \"tests\": [\n"
        + test(title, 0, maxScore, false, text) + "\n]}\n");
  }

  private static String test(String name, double score, double maxScore, boolean passed, String output) {
    return "  {\"name\": " + quote(name) + ", \"score\": " + score + ", \"max_score\": " + maxScore
        + ", \"status\": " + quote(passed ? "passed" : "failed") + ", \"output\": " + quote(output)
        + ", \"visibility\": \"visible\"}";
  }

  /**
   * The failure's stack trace without the frames of JUnit, reflection and threads: the message,
   * the frames of the tests and of the submission, and each "Caused by" with its first frames.
   */
  private static String describe(Failure f) {
    String trace = f.getTrace() == null ? String.valueOf(f.getMessage()) : f.getTrace();
    StringBuilder sb = new StringBuilder();
    int frames = 0;
    for (String line : trace.split("\n")) {
      String t = line.strip();
      if (!t.startsWith("at ") && !t.startsWith("...")) {
        frames = 0;  // a message line or a "Caused by"
        sb.append(line.stripTrailing()).append('\n');
      } else if (t.startsWith("at ") && !isPlumbing(t) && frames++ < 8) {
        sb.append(line.stripTrailing()).append('\n');
      }
    }
    String s = sb.toString().strip();
    return s.length() > OUTPUT_SHOWN ? s.substring(0, OUTPUT_SHOWN) + "\n[...]" : s;
  }

  private static boolean isPlumbing(String frame) {
    String f = frame.substring(3).replace("app//", "");
    return f.startsWith("org.junit.") || f.startsWith("java.base/jdk.internal.")
        || f.startsWith("java.base/java.lang.reflect.") || f.startsWith("java.base/java.util.concurrent.")
        || f.startsWith("java.base/java.lang.Thread.");
  }

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Writes the file whole or not at all, so that a half-written file is never read. */
  private static void write(Path path, String json) throws IOException {
    Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
    Files.writeString(temporary, json, StandardCharsets.UTF_8);
    Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
