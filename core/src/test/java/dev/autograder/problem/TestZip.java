package dev.autograder.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds package zips for the tests, entry by entry, in the order given. */
final class TestZip {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final Set<String> symlinks = new HashSet<>();

  /** A valid package with a name and one secret test case, to add to or override. */
  static TestZip minimal() {
    return new TestZip()
        .with("problem.yaml", "name: Hello\n")
        .with("data/secret/1.in", "1 2\n")
        .with("data/secret/1.ans", "3\n");
  }

  TestZip with(String path, String content) {
    return with(path, content.getBytes(StandardCharsets.UTF_8));
  }

  TestZip with(String path, byte[] content) {
    entries.put(path, content);
    return this;
  }

  /** A symbolic link at {@code path} to {@code target}, as zip on Unix stores one. */
  TestZip withSymlink(String path, String target) {
    symlinks.add(path);
    return with(path, target);
  }

  TestZip without(String path) {
    entries.remove(path);
    return this;
  }

  /** The same entries, all under one top-level directory, as zipping a directory gives. */
  TestZip under(String directory) {
    TestZip moved = new TestZip().with(directory + "/", new byte[0]);
    entries.forEach((path, content) -> moved.with(directory + "/" + path, content));
    symlinks.forEach(link -> moved.symlinks.add(directory + "/" + link));
    return moved;
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return markSymlinks(out.toByteArray());
  }

  /**
   * Marks the links' central directory entries as made on Unix with mode S_IFLNK, which
   * ZipOutputStream cannot.
   */
  private byte[] markSymlinks(byte[] zip) {
    ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 46 <= zip.length; at++) {
      if (buffer.getInt(at) == 0x02014b50) {
        int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
        String name = new String(zip, at + 46, nameLength, StandardCharsets.UTF_8);
        if (symlinks.contains(name)) {
          buffer.putShort(at + 4, (short) (3 << 8 | 20));
          buffer.putInt(at + 38, 0120777 << 16);
        }
      }
    }
    return zip;
  }

  ProblemPackage parse() {
    return ProblemPackage.parse(bytes(), 10_000_000);
  }
}
