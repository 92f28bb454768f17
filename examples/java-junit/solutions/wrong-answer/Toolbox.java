import java.util.Arrays;

/**
 * Four small string and number utilities, two of them not quite right: reverseWords splits at
 * single spaces (so runs of spaces and tabs give empty or glued words) and isAnagram compares all
 * characters as they are (so case, spaces and punctuation count).
 */
public final class Toolbox {
  private Toolbox() {}

  public static String reverseWords(String s) {
    String[] words = s.split(" ");
    StringBuilder sb = new StringBuilder();
    for (int i = words.length - 1; i >= 0; i--) {
      sb.append(words[i]);
      if (i > 0) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  public static boolean isAnagram(String a, String b) {
    char[] x = a.toCharArray();
    char[] y = b.toCharArray();
    Arrays.sort(x);
    Arrays.sort(y);
    return Arrays.equals(x, y);
  }

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
