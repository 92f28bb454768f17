import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class AnagramTest {
  @Test(timeout = 2000)
  @Points(1)
  public void sameLetters() {
    assertTrue(Toolbox.isAnagram("listen", "silent"));
    assertTrue(Toolbox.isAnagram("", ""));
    assertFalse(Toolbox.isAnagram("abc", "abd"));
    assertFalse(Toolbox.isAnagram("aab", "abb"));
  }

  @Test(timeout = 2000)
  @Points(1)
  public void ignoresCaseSpacesAndPunctuation() {
    assertTrue(Toolbox.isAnagram("Dormitory", "Dirty room"));
    assertTrue(Toolbox.isAnagram("Astronomer", "Moon starer!"));
    assertFalse(Toolbox.isAnagram("Listen", "Silence"));
  }
}
