package dev.autograder;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a node's configuration: system properties, then the application's file (-Dconfig.file, e.g.
 * conf/local.conf), then the node's layers of settings for Pekko and other libraries, then every
 * reference.conf. The layers sit above the references on purpose: a reference.conf cannot reliably
 * override another library's (their order depends on the classpath or the fat jar).
 */
public final class NodeConfig {
  /** The layer every node loads. */
  public static final String CORE = "autograder-core.conf";

  private NodeConfig() {}

  public static Config load(String... layers) {
    return load(ConfigFactory.empty(), layers);
  }

  /** As {@link #load(String...)}, with {@code overrides} above the application's file (tests). */
  public static Config load(Config overrides, String... layers) {
    ConfigFactory.invalidateCaches();
    Config layered = overrides.withFallback(ConfigFactory.defaultApplication());
    for (String layer : layers) {
      layered = layered.withFallback(ConfigFactory.parseResources(layer));
    }
    return withSeedNodes(
        ConfigFactory.load(layered.withFallback(ConfigFactory.parseResources(CORE))));
  }

  /**
   * An orchestrator passes the seeds in one variable (autograder.cluster.seed-nodes); HOCON cannot
   * split it.
   */
  private static Config withSeedNodes(Config config) {
    List<String> seeds =
        Arrays.stream(config.getString("autograder.cluster.seed-nodes").split(","))
            .map(String::strip)
            .filter(seed -> !seed.isEmpty())
            .toList();
    return seeds.isEmpty()
        ? config
        : config.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
  }
}
