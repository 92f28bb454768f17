package dev.autograder.flavour;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The flavours configured under {@code autograder.flavours}, each filled in from the defaults. */
public final class FlavourCatalog {
  private final Map<String, Flavour> flavours;

  private FlavourCatalog(Map<String, Flavour> flavours) {
    this.flavours = Map.copyOf(flavours);
  }

  public static FlavourCatalog fromConfig(Config root) {
    Config defaults = root.getConfig("autograder.flavour-defaults");
    Config all = root.getConfig("autograder.flavours");
    Map<String, Flavour> byName = new TreeMap<>();
    for (String name : all.root().keySet()) {
      Config c = all.getConfig(quote(name)).withFallback(defaults);
      byName.put(name, Flavour.fromConfig(name, c));
    }
    if (byName.isEmpty()) {
      throw new IllegalArgumentException("autograder.flavours names no flavour");
    }
    return new FlavourCatalog(byName);
  }

  private static String quote(String key) {
    return "\"" + key.replace("\"", "\\\"") + "\"";
  }

  public Optional<Flavour> find(String name) {
    return Optional.ofNullable(flavours.get(name));
  }

  public Flavour get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown flavour " + name));
  }

  public Map<String, Flavour> all() {
    return flavours;
  }
}
