import java.util.Arrays;

/**
 * Four small string and number utilities; countPrimes tests each number by trial division by every
 * smaller number: fine up to a few thousand, hopeless (about 10^12 divisions) up to ten million.
 */
public final class Toolbox {
  private Toolbox() {}

  /** The words of s (separated by any whitespace) in reverse order, joined by single spaces. */
  public static String reverseWords(String s) {
    String trimmed = s.strip();
    if (trimmed.isEmpty()) {
      return "";
    }
    String[] words = trimmed.split("\\s+");
    StringBuilder sb = new StringBuilder();
    for (int i = words.length - 1; i >= 0; i--) {
      sb.append(words[i]);
      if (i > 0) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  /** Whether a and b have the same letters, ignoring case and everything that is not a letter. */
  public static boolean isAnagram(String a, String b) {
    return Arrays.equals(letters(a), letters(b));
  }

  private static int[] letters(String s) {
    int[] counts = new int[26];
    for (char c : s.toLowerCase().toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        counts[c - 'a']++;
      }
    }
    return counts;
  }

  /** The length of the longest common subsequence, with two rows of the dynamic program. */
  public static int lcsLength(String a, String b) {
    char[] x = a.toCharArray();
    char[] y = b.toCharArray();
    int[] previous = new int[y.length + 1];
    int[] current = new int[y.length + 1];
    for (int i = 1; i <= x.length; i++) {
      for (int j = 1; j <= y.length; j++) {
        current[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length];
  }

  /** How many primes are at most n. */
  public static int countPrimes(int n) {
    int count = 0;
    for (int k = 2; k <= n; k++) {
      boolean prime = true;
      for (int d = 2; d < k; d++) {
        if (k % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) {
        count++;
      }
    }
    return count;
  }
}
