package dev.autograder.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One measured quantity over repeated rounds: its median, with the spread as min–max and the
 * interquartile range, so that a single lucky or unlucky round never stands for the figure.
 *
 * @param format printf format of one value, e.g. "%.1f"
 */
public record Figure(String key, String name, String unit, String format, double[] rounds) {

  public Figure {
    rounds = rounds.clone();
  }

  public double median() {
    return quantile(0.5);
  }

  public double min() {
    return sorted()[0];
  }

  public double max() {
    double[] s = sorted();
    return s[s.length - 1];
  }

  /** Linear interpolation between the closest ranks (R's type 7). */
  public double quantile(double q) {
    return quantile(sorted(), q);
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private double[] sorted() {
    double[] s = rounds.clone();
    Arrays.sort(s);
    return s;
  }

  /** "name median [min, max] IQR q1–q3 unit" for the tables. */
  public String row() {
    String f = format;
    return String.format(
        Locale.ROOT,
        "%-46s " + f + "  [" + f + ", " + f + "]  IQR " + f + "–" + f + "  %s",
        name,
        median(),
        min(),
        max(),
        quantile(0.25),
        quantile(0.75),
        unit);
  }
}
