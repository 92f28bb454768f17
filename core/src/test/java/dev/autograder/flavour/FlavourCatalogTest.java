package dev.autograder.flavour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class FlavourCatalogTest {
  private static FlavourCatalog catalog(String flavours) {
    return FlavourCatalog.fromConfig(
        ConfigFactory.parseString("autograder.flavours {" + flavours + "}")
            .withFallback(ConfigFactory.load()));
  }

  @Test
  void aFlavourTakesWhatItDoesNotSayFromTheDefaults() {
    Flavour large = catalog("large { cpus = 2, memory = 2 GiB }").get("large");
    assertEquals(2.0, large.cpus());
    assertEquals(2L << 30, large.memoryBytes());
    assertEquals(1L << 20, large.outputLimitBytes());
  }

  @Test
  void anOutputLimitTheSandboxCannotKeepIsRefusedWithTheKeysName() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> catalog("big { output-limit = 17 MiB }"));
    assertTrue(e.getMessage().contains("autograder.flavours.big.output-limit"), e.getMessage());
    assertEquals(16L << 20, catalog("max { output-limit = 16 MiB }").get("max").outputLimitBytes());
  }
}
