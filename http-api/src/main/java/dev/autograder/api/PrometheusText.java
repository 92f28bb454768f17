package dev.autograder.api;

import java.util.Map;

/** Pieces of the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {
  private PrometheusText() {}

  static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** {@code {a="x",b="y"}} in the map's order, values escaped; empty for no labels. */
  static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          if (out.length() > 1) {
            out.append(',');
          }
          out.append(k)
              .append("=\"")
              .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
              .append('"');
        });
    return out.append('}').toString();
  }

  static void sample(StringBuilder out, String name, Map<String, String> labels, double value) {
    out.append(name).append(labels(labels)).append(' ').append(value).append('\n');
  }
}
