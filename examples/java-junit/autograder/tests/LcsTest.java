import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class LcsTest {
  /** The LCS of dna(1, 10000) and dna(2, 10000), computed outside Java by two other programs. */
  static final int EXPECTED_LARGE = 6509;

  /** A pseudo-random string over ACGT (a 64-bit linear congruential generator). */
  static String dna(long seed, int length) {
    StringBuilder sb = new StringBuilder(length);
    long x = seed;
    for (int i = 0; i < length; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      sb.append("ACGT".charAt((int) ((x >>> 33) & 3)));
    }
    return sb.toString();
  }

  @Test(timeout = 2000)
  @Points(1)
  public void smallStrings() {
    assertEquals(4, Toolbox.lcsLength("ABCBDAB", "BDCABA"));
    assertEquals(0, Toolbox.lcsLength("", "abc"));
    assertEquals(3, Toolbox.lcsLength("abc", "abc"));
    assertEquals(0, Toolbox.lcsLength("abc", "def"));
  }

  @Test(timeout = 2000)
  @Points(3)
  public void tenThousandCharacters() {
    assertEquals(EXPECTED_LARGE, Toolbox.lcsLength(dna(1, 10000), dna(2, 10000)));
  }
}
