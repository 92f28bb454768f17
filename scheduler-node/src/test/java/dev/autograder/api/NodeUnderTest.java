package dev.autograder.api;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One scheduler node on H2 for all the tests of a class, as a JUnit extension: registered as a
 * static field ({@code @RegisterExtension}), it starts the node (and, if asked, builds the {@link
 * Classroom}) before the class's own {@code @BeforeAll} and closes it after its last test. A node
 * whose stop stalls is reported, not failed on, as {@link RunningNode#close()} does.
 */
final class NodeUnderTest implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, Object> settings;
  private final boolean withClassroom;
  private RunningNode node;
  private Classroom room;

  private NodeUnderTest(Map<String, Object> settings, boolean withClassroom) {
    this.settings = settings;
    this.withClassroom = withClassroom;
  }

  /** A node with these settings of the test's own (over RunningNode's) and a Classroom. */
  static NodeUnderTest withClassroom(Map<String, Object> settings) {
    return new NodeUnderTest(settings, true);
  }

  /** A node with these settings of the test's own and no accounts but the admin. */
  static NodeUnderTest bare(Map<String, Object> settings) {
    return new NodeUnderTest(settings, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    node = RunningNode.start("h2", settings);
    if (withClassroom) {
      room = new Classroom(node);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    // JUnit calls this even when beforeAll failed, so a node whose Classroom failed still stops.
    if (node != null) {
      node.close();
    }
  }

  RunningNode running() {
    return node;
  }

  Classroom room() {
    if (room == null) {
      throw new IllegalStateException("this node was registered without a Classroom");
    }
    return room;
  }

  String base() {
    return node.base();
  }
}
