import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ReverseWordsTest {
  @Test(timeout = 2000)
  @Points(1)
  public void reversesASentence() {
    assertEquals("world big hello", Toolbox.reverseWords("hello big world"));
    assertEquals("single", Toolbox.reverseWords("single"));
  }

  @Test(timeout = 2000)
  @Points(1)
  public void collapsesSpaces() {
    assertEquals("c b a", Toolbox.reverseWords("  a   b c "));
    assertEquals("two one", Toolbox.reverseWords("one\t two"));
    assertEquals("", Toolbox.reverseWords("   "));
  }
}
