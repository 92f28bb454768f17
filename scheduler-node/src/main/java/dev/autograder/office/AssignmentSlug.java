package dev.autograder.office;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The id an assignment gets when its author gives none: made from the title, so that URLs and the
 * grade book's CSV columns say which assignment they are ("lab-3-linked-lists", not "919e60a1").
 * Ids are unique across the site, so a taken one is followed by "-2", "-3" and so on.
 */
public final class AssignmentSlug {
  /** Leaves room for a "-NN" suffix within the 63 characters an id may have. */
  static final int MAX_BASE = 56;

  /** How many suffixed ids are tried before one with a random part. */
  public static final int NUMBERED_TRIES = 20;

  private AssignmentSlug() {}

  /** Lower-case ASCII letters and digits of the title, accents dropped, other runs as one '-'. */
  public static String fromTitle(String title) {
    String plain =
        Normalizer.normalize(title, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    String slug = plain.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > MAX_BASE) {
      slug = slug.substring(0, MAX_BASE).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "assignment" : slug;
  }

  /**
   * The {@code n}th id to try (n from 1): the slug itself, then numbered, then with {@code random}
   * (a few hex digits) once the numbered ones are spent.
   */
  public static String candidate(String slug, int n, String random) {
    if (n == 1) {
      return slug;
    }
    return n <= NUMBERED_TRIES ? slug + "-" + n : slug + "-" + random;
  }
}
