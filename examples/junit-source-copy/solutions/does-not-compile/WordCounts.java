package edu.example.words;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

public final class WordCounts {
  private WordCounts() {}

  private static String[] words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  public static int count(String text) {
    return words(text);
  }

  public static Map<String, Integer> frequencies(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String word : words(text)) {
      counts.merge(word.toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
    return counts;
  }

  public static String mostCommon(String text) {
    String best = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : frequencies(text).entrySet()) {
      if (e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }
}
