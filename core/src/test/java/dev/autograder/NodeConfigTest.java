package dev.autograder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  @Test
  void seedNodesFromOneCommaSeparatedValueReplaceTheConfiguredList() {
    var config =
        NodeConfig.load(
            ConfigFactory.parseMap(
                Map.of(
                    "autograder.cluster.seed-nodes",
                    " pekko://autograder@10.1.0.1:25520, pekko://autograder@10.1.0.2:25520 ,",
                    "pekko.cluster.seed-nodes",
                    List.of("pekko://autograder@127.0.0.1:25520"))));
    assertEquals(
        List.of("pekko://autograder@10.1.0.1:25520", "pekko://autograder@10.1.0.2:25520"),
        config.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void withoutThemTheConfiguredListStays() {
    var config =
        NodeConfig.load(
            ConfigFactory.parseMap(
                Map.of("pekko.cluster.seed-nodes", List.of("pekko://autograder@127.0.0.1:25520"))));
    assertEquals(
        List.of("pekko://autograder@127.0.0.1:25520"),
        config.getStringList("pekko.cluster.seed-nodes"));
  }
}
