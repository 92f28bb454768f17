package edu.example.words;

import static org.junit.Assert.assertEquals;

import edu.example.grading.GradedTest;
import java.util.Map;
import org.junit.Test;

public class WordCountsTest {
  @Test(timeout = 2000)
  @GradedTest(name = "count: words between any whitespace", maxScore = 2)
  public void countsWords() {
    assertEquals(0, WordCounts.count(""));
    assertEquals(0, WordCounts.count("   \t\n"));
    assertEquals(4, WordCounts.count("  the quick\tbrown\n fox "));
  }

  @Test(timeout = 2000)
  @GradedTest(name = "frequencies: case-insensitive", maxScore = 2)
  public void countsEachWordIgnoringCase() {
    assertEquals(Map.of("to", 2, "be", 2, "or", 1, "not", 1), WordCounts.frequencies("To be or NOT to BE"));
  }

  @Test(timeout = 2000)
  @GradedTest(name = "mostCommon: the first of the most frequent", maxScore = 1)
  public void findsTheMostCommonWord() {
    assertEquals("be", WordCounts.mostCommon("be or not to be"));
    assertEquals("a", WordCounts.mostCommon("a b c"));
  }
}
