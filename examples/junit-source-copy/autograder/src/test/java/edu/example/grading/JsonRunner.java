package edu.example.grading;

import java.util.ArrayList;
import java.util.List;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Runs JUnit 4 test classes and prints Gradescope's results.json: one entry per test method, its
 * points from {@link GradedTest}, the failure's message as its output. The score is left to the
 * tests' sum, as the format allows.
 */
public final class JsonRunner {

  private static final class Outcome {
    String name;
    double maxScore;
    String visibility;
    boolean passed = true;
    String output = "";
  }

  public static void main(String[] args) throws ClassNotFoundException {
    List<Outcome> outcomes = new ArrayList<>();
    JUnitCore core = new JUnitCore();
    core.addListener(new RunListener() {
      @Override
      public void testStarted(Description d) {
        GradedTest graded = d.getAnnotation(GradedTest.class);
        Outcome o = new Outcome();
        o.name = graded == null || graded.name().isEmpty() ? d.getMethodName() : graded.name();
        o.maxScore = graded == null ? 1 : graded.maxScore();
        o.visibility = graded == null ? "visible" : graded.visibility();
        outcomes.add(o);
      }

      @Override
      public void testFailure(Failure failure) {
        Outcome o = outcomes.get(outcomes.size() - 1);
        o.passed = false;
        o.output = String.valueOf(failure.getMessage());
      }
    });
    Class<?>[] classes = new Class<?>[args.length];
    for (int i = 0; i < args.length; i++) {
      classes[i] = Class.forName(args[i]);
    }
    core.run(classes);
    StringBuilder json = new StringBuilder("{\"tests\": [");
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      json.append(i == 0 ? "" : ", ").append("{\"name\": ").append(quoted(o.name))
          .append(", \"score\": ").append(o.passed ? o.maxScore : 0)
          .append(", \"max_score\": ").append(o.maxScore)
          .append(", \"status\": \"").append(o.passed ? "passed" : "failed").append('"')
          .append(", \"visibility\": ").append(quoted(o.visibility))
          .append(", \"output\": ").append(quoted(o.output)).append('}');
    }
    System.out.println(json.append("]}"));
  }

  private static String quoted(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
