import java.util.Arrays;

/**
 * Four small string and number utilities, with a table of small primes built when the class is
 * loaded. The sieve that builds it runs one step too far (i <= 100 on an array of 100), so loading
 * the class throws ArrayIndexOutOfBoundsException (ExceptionInInitializerError, then
 * NoClassDefFoundError): every method of the class fails.
 */
public final class Toolbox {
  private Toolbox() {}

  /** The primes below 100, to answer small countPrimes calls quickly. */
  private static final int[] SMALL_PRIMES = smallPrimes();

  private static int[] smallPrimes() {
    boolean[] composite = new boolean[100];
    int[] primes = new int[25];
    int found = 0;
    for (int i = 2; i <= 100; i++) {
      if (!composite[i]) {
        primes[found++] = i;
        for (int j = i * i; j < 100; j += i) {
          composite[j] = true;
        }
      }
    }
    return primes;
  }

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

  /** How many primes are at most n (sieve of Eratosthenes). */
  public static int countPrimes(int n) {
    if (n < 100) {
      int count = 0;
      while (count < SMALL_PRIMES.length && SMALL_PRIMES[count] <= n) {
        count++;
      }
      return count;
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
