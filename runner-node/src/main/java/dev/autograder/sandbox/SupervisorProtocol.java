package dev.autograder.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The frames the runner and the sandbox supervisor exchange over the container's stdin and stdout
 * (docs/sandbox-protocol.md): a u32 length, a type byte, then fields of a tag byte, a u32 length
 * and a value; numbers are 8-byte big-endian.
 */
final class SupervisorProtocol {
  static final int MAX_FRAME = 64 << 20;

  static final int PUT = 0x01;
  static final int RUN = 0x02;
  static final int FINISH = 0x03;
  static final int OK = 0x81;
  static final int RESULT = 0x82;
  static final int BYE = 0x83;
  static final int ERROR = 0x8F;

  /** PUT's fields. */
  static final int PUT_PATH = 0x01, PUT_MODE = 0x02, PUT_DATA = 0x03;

  /** RUN's fields. */
  static final int DIR = 0x01,
      ARG = 0x02,
      ENV = 0x03,
      CWD = 0x04,
      STDIN = 0x05,
      FILE = 0x06,
      WALL_MS = 0x07,
      CPU_MS = 0x08,
      FSIZE = 0x09,
      NPROC = 0x0A,
      NOFILE = 0x0B,
      OUTPUT_CAP = 0x0C,
      STACK = 0x0D,
      COLLECT = 0x0E,
      COLLECT_CAP = 0x0F,
      KEEP = 0x10,
      PEER_ARG = 0x20,
      PEER_DIR = 0x21,
      PEER_FILE = 0x22,
      PEER_CPU_MS = 0x23,
      PEER_COLLECT = 0x24;

  /** RESULT's fields; the peer's are the same plus {@link #PEER}. */
  static final int STATUS = 0x01,
      CODE = 0x02,
      WALL = 0x03,
      CPU = 0x04,
      MAXRSS_KB = 0x05,
      FLAGS = 0x06,
      STDOUT = 0x07,
      STDERR = 0x08,
      COLLECTED = 0x09,
      UID = 0x0A,
      START_ERROR = 0x0B,
      PEER = 0x20;

  /** ERROR's field. */
  static final int MESSAGE = 0x01;

  /** RESULT's STATUS values. */
  static final int EXITED = 0, SIGNALLED = 1, NOT_STARTED = 2;

  /** RESULT's FLAGS bits. */
  static final long TIMED_OUT = 1, CPU_LIMIT = 2, OUTPUT_LIMIT = 4, OOM_KILLED = 8;

  private SupervisorProtocol() {}

  /** Builds one frame. */
  static final class FrameBuilder {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final int type;

    FrameBuilder(int type) {
      this.type = type;
    }

    FrameBuilder bytes(int tag, byte[] value) {
      body.write(tag);
      body.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
      body.writeBytes(value);
      return this;
    }

    FrameBuilder text(int tag, String value) {
      return bytes(tag, value.getBytes(StandardCharsets.UTF_8));
    }

    FrameBuilder number(int tag, long value) {
      return bytes(tag, ByteBuffer.allocate(8).putLong(value).array());
    }

    /** A file inside a run's directory: its relative path, its mode and its content. */
    FrameBuilder file(int tag, String path, int mode, byte[] content) {
      byte[] name = path.getBytes(StandardCharsets.UTF_8);
      return bytes(
          tag,
          ByteBuffer.allocate(8 + name.length + content.length)
              .putInt(name.length)
              .put(name)
              .putInt(mode)
              .put(content)
              .array());
    }

    byte[] build() {
      int length = 1 + body.size();
      if (length > MAX_FRAME) {
        throw new IllegalArgumentException(
            "a frame of " + length + " bytes is over the protocol's " + MAX_FRAME);
      }
      ByteBuffer frame = ByteBuffer.allocate(4 + length).putInt(length).put((byte) type);
      frame.put(body.toByteArray());
      return frame.array();
    }
  }

  /** One field of a reply. */
  record Field(int tag, byte[] value) {}

  /** A reply from the supervisor: its type and its fields in order. */
  record Reply(int type, List<Field> fields) {
    Optional<byte[]> bytes(int tag) {
      return fields.stream().filter(f -> f.tag() == tag).map(Field::value).findFirst();
    }

    long number(int tag, long absent) throws MalformedFrame {
      Optional<byte[]> value = bytes(tag);
      if (value.isEmpty()) {
        return absent;
      }
      if (value.get().length != 8) {
        throw new MalformedFrame(
            "field " + tag + " is a number of " + value.get().length + " bytes");
      }
      return ByteBuffer.wrap(value.get()).getLong();
    }

    String text(int tag) {
      return bytes(tag).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    }

    /** The named files of a repeated field: a u32 path length, the path, the content. */
    List<NamedBytes> files(int tag) throws MalformedFrame {
      List<NamedBytes> files = new ArrayList<>();
      for (Field f : fields) {
        if (f.tag() != tag) {
          continue;
        }
        ByteBuffer value = ByteBuffer.wrap(f.value());
        if (value.remaining() < 4) {
          throw new MalformedFrame("a file field without its path length");
        }
        int nameLength = value.getInt();
        if (nameLength < 0 || nameLength > value.remaining()) {
          throw new MalformedFrame("a file field whose path runs past its end");
        }
        byte[] name = new byte[nameLength];
        value.get(name);
        byte[] content = new byte[value.remaining()];
        value.get(content);
        files.add(new NamedBytes(new String(name, StandardCharsets.UTF_8), content));
      }
      return files;
    }
  }

  record NamedBytes(String name, byte[] content) {}

  /** Reads one reply; the end of the stream between frames is an {@link EOFException}. */
  static Reply read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int length = in.readInt();
    if (length < 1 || length > MAX_FRAME) {
      throw new MalformedFrame("a frame length of " + Integer.toUnsignedString(length));
    }
    int type = in.readUnsignedByte();
    byte[] body = in.readNBytes(length - 1);
    if (body.length != length - 1) {
      throw new MalformedFrame("the stream ended inside a frame");
    }
    List<Field> fields = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(body);
    while (b.hasRemaining()) {
      if (b.remaining() < 5) {
        throw new MalformedFrame("a field header cut short");
      }
      int tag = b.get() & 0xff;
      int size = b.getInt();
      if (size < 0 || size > b.remaining()) {
        throw new MalformedFrame("field " + tag + " runs past the frame's end");
      }
      byte[] value = new byte[size];
      b.get(value);
      fields.add(new Field(tag, value));
    }
    return new Reply(type, fields);
  }

  /** The bytes received are not a frame of the protocol. */
  static final class MalformedFrame extends IOException {
    MalformedFrame(String message) {
      super(message);
    }
  }
}
