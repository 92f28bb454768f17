package dev.autograder.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.flavour.Flavour;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The framed protocol: the runner's codec on its own, and the real supervisor fed truncated,
 * oversized and garbage frames (it refuses them and exits, since the stream can no longer be
 * trusted) and refused requests (it says why and goes on).
 */
class SupervisorProtocolTest {
  private static final String NODE = "protocol-test-" + UUID.randomUUID();
  private static final Duration ANSWER = Duration.ofSeconds(20);
  private static DockerSandbox sandbox;
  private final Flavour flavour = TestFlavours.small();

  @BeforeAll
  static void connect() {
    sandbox = TestFlavours.engine(NODE);
  }

  @AfterAll
  static void nothingIsLeftBehind() throws InterruptedException {
    if (sandbox != null) {
      TestFlavours.assertNothingLeftBy(sandbox.engine(), NODE);
    }
  }

  private static byte[] echo(String text, Consumer<SupervisorProtocol.FrameBuilder> more) {
    var frame =
        new SupervisorProtocol.FrameBuilder(SupervisorProtocol.RUN)
            .text(SupervisorProtocol.DIR, Sandbox.RUN)
            .text(SupervisorProtocol.ARG, "echo")
            .text(SupervisorProtocol.ARG, text)
            .number(SupervisorProtocol.WALL_MS, 5000)
            .number(SupervisorProtocol.OUTPUT_CAP, 1024);
    more.accept(frame);
    return frame.build();
  }

  private SupervisorChannel channel() {
    String id = sandbox.startContainer(flavour, flavour.image(), "protocol-test");
    return SupervisorChannel.attach(sandbox.engine(), id, "protocol-test");
  }

  /** The supervisor answers ERROR, then its output ends: it has exited. */
  private void refusedForGood(byte[] bytes) throws IOException {
    try (SupervisorChannel channel = channel()) {
      var reply = channel.exchange(bytes, ANSWER);
      assertEquals(SupervisorProtocol.ERROR, reply.type(), reply.text(SupervisorProtocol.MESSAGE));
      assertTrue(!reply.text(SupervisorProtocol.MESSAGE).isBlank());
      assertThrows(
          EOFException.class,
          () -> channel.exchange(echo("after", f -> {}), ANSWER),
          "the supervisor went on after a broken frame");
    }
  }

  @Test
  void aFrameCutShortEndsTheSupervisorWithAFramingError() {
    byte[] whole = echo("hello", f -> {});
    for (byte[] cut : List.of(Arrays.copyOf(whole, whole.length - 3), Arrays.copyOf(whole, 2))) {
      String id = sandbox.startContainer(flavour, flavour.image(), "protocol-test");
      var exit = sandbox.engine().waitContainerCmd(id).start();
      SupervisorChannel channel = SupervisorChannel.attach(sandbox.engine(), id, "protocol-test");
      channel.send(cut);
      // Only the end of its input tells the supervisor that the frame will never be whole.
      channel.close();
      assertEquals(3, exit.awaitStatusCode(20, TimeUnit.SECONDS), "the supervisor's exit status");
    }
  }

  @Test
  void anOversizedOrEmptyLengthIsRefusedWithoutReadingOn() throws IOException {
    refusedForGood(ByteBuffer.allocate(5).putInt(0x7fffffff).put((byte) 2).array());
    refusedForGood(ByteBuffer.allocate(4).putInt(SupervisorProtocol.MAX_FRAME + 1).array());
    refusedForGood(new byte[] {0, 0, 0, 0});
  }

  @Test
  void garbageAnUnknownTypeAndAFieldPastTheFramesEndAreRefused() throws IOException {
    refusedForGood("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    refusedForGood(new SupervisorProtocol.FrameBuilder(0x55).build());
    byte[] frame = echo("x", f -> {});
    ByteBuffer.wrap(frame)
        .putInt(6, 1_000_000); // the first field's length: after the frame's length, type and tag
    refusedForGood(frame);
  }

  @Test
  void aRefusedRequestLeavesTheSupervisorServing() throws IOException {
    try (SupervisorChannel channel = channel()) {
      List<byte[]> refused =
          List.of(
              new SupervisorProtocol.FrameBuilder(SupervisorProtocol.RUN)
                  .text(SupervisorProtocol.DIR, "/etc/x")
                  .text(SupervisorProtocol.ARG, "true")
                  .number(SupervisorProtocol.WALL_MS, 1000)
                  .number(SupervisorProtocol.OUTPUT_CAP, 10)
                  .build(),
              new SupervisorProtocol.FrameBuilder(SupervisorProtocol.RUN)
                  .text(SupervisorProtocol.DIR, "/work/../etc")
                  .text(SupervisorProtocol.ARG, "true")
                  .number(SupervisorProtocol.WALL_MS, 1000)
                  .number(SupervisorProtocol.OUTPUT_CAP, 10)
                  .build(),
              new SupervisorProtocol.FrameBuilder(SupervisorProtocol.RUN)
                  .text(SupervisorProtocol.ARG, "true")
                  .number(SupervisorProtocol.WALL_MS, 1000)
                  .number(SupervisorProtocol.OUTPUT_CAP, 10)
                  .build(),
              echo("x", f -> f.text(0x7e, "an unknown tag")),
              echo("x", f -> f.file(SupervisorProtocol.FILE, "../escape", 0644, new byte[1])),
              new SupervisorProtocol.FrameBuilder(SupervisorProtocol.PUT)
                  .text(SupervisorProtocol.PUT_PATH, "/usr/bin/x")
                  .number(SupervisorProtocol.PUT_MODE, 0644)
                  .bytes(SupervisorProtocol.PUT_DATA, new byte[1])
                  .build());
      for (byte[] request : refused) {
        var reply = channel.exchange(request, ANSWER);
        assertEquals(SupervisorProtocol.ERROR, reply.type());
      }
      var reply = channel.exchange(echo("still serving", f -> {}), ANSWER);
      assertEquals(SupervisorProtocol.RESULT, reply.type(), reply.text(SupervisorProtocol.MESSAGE));
      assertEquals(
          "still serving\n",
          new String(reply.bytes(SupervisorProtocol.STDOUT).orElseThrow(), StandardCharsets.UTF_8));
      var bye =
          channel.exchange(
              new SupervisorProtocol.FrameBuilder(SupervisorProtocol.FINISH).build(), ANSWER);
      assertEquals(SupervisorProtocol.BYE, bye.type());
    }
  }

  @Test
  void theCodecReadsWhatItWroteAndRefusesBrokenFrames() throws IOException {
    byte[] frame =
        new SupervisorProtocol.FrameBuilder(SupervisorProtocol.RESULT)
            .number(SupervisorProtocol.CODE, 42)
            .bytes(SupervisorProtocol.STDOUT, new byte[] {0, (byte) 255})
            .file(
                SupervisorProtocol.COLLECTED,
                "out/a.txt",
                0644,
                "A".getBytes(StandardCharsets.UTF_8))
            .build();
    var reply = SupervisorProtocol.read(new ByteArrayInputStream(frame));
    assertEquals(SupervisorProtocol.RESULT, reply.type());
    assertEquals(42, reply.number(SupervisorProtocol.CODE, -1));
    assertArrayEquals(
        new byte[] {0, (byte) 255}, reply.bytes(SupervisorProtocol.STDOUT).orElseThrow());

    assertThrows(
        EOFException.class, () -> SupervisorProtocol.read(new ByteArrayInputStream(new byte[0])));
    assertThrows(
        SupervisorProtocol.MalformedFrame.class,
        () ->
            SupervisorProtocol.read(
                new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 1))));
    assertThrows(
        SupervisorProtocol.MalformedFrame.class,
        () -> SupervisorProtocol.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 0})));
    assertThrows(
        SupervisorProtocol.MalformedFrame.class,
        () ->
            SupervisorProtocol.read(
                new ByteArrayInputStream(ByteBuffer.allocate(4).putInt(-1).array())));
    byte[] past = frame.clone();
    ByteBuffer.wrap(past).putInt(6, 1 << 20);
    assertThrows(
        SupervisorProtocol.MalformedFrame.class,
        () -> SupervisorProtocol.read(new ByteArrayInputStream(past)));
    byte[] shortNumber =
        new SupervisorProtocol.FrameBuilder(SupervisorProtocol.RESULT)
            .bytes(SupervisorProtocol.CODE, new byte[3])
            .build();
    assertThrows(
        SupervisorProtocol.MalformedFrame.class,
        () ->
            SupervisorProtocol.read(new ByteArrayInputStream(shortNumber))
                .number(SupervisorProtocol.CODE, 0));
  }
}
