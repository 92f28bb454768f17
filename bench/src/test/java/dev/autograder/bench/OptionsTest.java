package dev.autograder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void noArgumentsMeanTheDefaultRoundsAtFullSize() {
    assertEquals(new Options(5, false), Options.parse(new String[0], 5));
  }

  @Test
  void roundsAndQuickComeInAnyOrder() {
    assertEquals(new Options(2, true), Options.parse(new String[] {"--quick", "2"}, 5));
  }

  @Test
  void roundsThatAreNotAPositiveWholeNumberAreRefusedWithTheUsage() {
    for (String bad : new String[] {"0", "-3", "abc", "", "99999999999"}) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> Options.parse(new String[] {bad}, 5), bad);
      assertTrue(e.getMessage().startsWith("usage: [rounds] [--quick]"), e.getMessage());
    }
  }
}
