import java.util.Arrays;

/**
 * Four small string and number utilities; lcsLength keeps the whole dynamic-programming table in
 * one array: fine for short strings, but 10001 x 10001 ints are 400 MB, more than the heap.
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

  /** The length of the longest common subsequence. */
  public static int lcsLength(String a, String b) {
    int columns = b.length() + 1;
    int[] table = new int[(a.length() + 1) * columns];
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        table[i * columns + j] = a.charAt(i - 1) == b.charAt(j - 1)
            ? table[(i - 1) * columns + j - 1] + 1
            : Math.max(table[(i - 1) * columns + j], table[i * columns + j - 1]);
      }
    }
    return table[a.length() * columns + b.length()];
  }

  /** How many primes are at most n (sieve of Eratosthenes). */
  public static int countPrimes(int n) {
    if (n < 2) {
      return 0;
    }
    boolean[] composite = new boolean[n + 1];
    int count = 0;
    for (int i = 2; i <= n; i++) {
      if (!composite[i]) {
        count++;
        for (long j = (long) i * i; j <= n; j += i) {
          composite[(int) j] = true;
        }
      }
    }
    return count;
  }
}
