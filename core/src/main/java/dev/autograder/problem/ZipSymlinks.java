package dev.autograder.problem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The names of a zip's symbolic links. A zip stores a link as an entry whose content is the link's
 * target, marked only in the central directory (made on Unix, with the mode S_IFLNK in the upper
 * half of its external attributes), which {@link java.util.zip.ZipInputStream} does not read.
 */
final class ZipSymlinks {
  private static final int END = 0x06054b50;
  private static final int END64_LOCATOR = 0x07064b50;
  private static final int END64 = 0x06064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int UNIX = 3;
  private static final int FILE_TYPE = 0170000;
  private static final int SYMLINK = 0120000;

  private ZipSymlinks() {}

  static Set<String> in(byte[] zip) {
    ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int end = findEnd(buffer);
    Set<String> links = new HashSet<>();
    if (end < 0) {
      return links;
    }
    try {
      long entries = Short.toUnsignedInt(buffer.getShort(end + 10));
      long offset = Integer.toUnsignedLong(buffer.getInt(end + 16));
      if ((entries == 0xFFFF || offset == 0xFFFFFFFFL)
          && end >= 20
          && buffer.getInt(end - 20) == END64_LOCATOR) {
        int end64 = Math.toIntExact(buffer.getLong(end - 20 + 8));
        if (buffer.getInt(end64) == END64) {
          entries = buffer.getLong(end64 + 32);
          offset = buffer.getLong(end64 + 48);
        }
      }
      int at = Math.toIntExact(offset);
      for (long i = 0; i < entries && buffer.getInt(at) == CENTRAL; i++) {
        int madeBy = Short.toUnsignedInt(buffer.getShort(at + 4)) >> 8;
        int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
        int extraLength = Short.toUnsignedInt(buffer.getShort(at + 30));
        int commentLength = Short.toUnsignedInt(buffer.getShort(at + 32));
        int mode = buffer.getInt(at + 38) >>> 16;
        if (madeBy == UNIX && (mode & FILE_TYPE) == SYMLINK) {
          links.add(new String(zip, at + 46, nameLength, StandardCharsets.UTF_8));
        }
        at += 46 + nameLength + extraLength + commentLength;
      }
    } catch (IndexOutOfBoundsException | ArithmeticException e) {
      throw new InvalidPackageException(
          "the package is not a readable zip: its central directory is damaged");
    }
    return links;
  }

  /** The end of central directory record, searched from the end past a comment of up to 64 KiB. */
  private static int findEnd(ByteBuffer buffer) {
    int last = buffer.capacity() - 22;
    for (int at = last; at >= 0 && at >= last - 0xFFFF; at--) {
      if (buffer.getInt(at) == END) {
        return at;
      }
    }
    return -1;
  }
}
