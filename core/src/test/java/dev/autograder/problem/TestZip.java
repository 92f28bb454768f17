package dev.autograder.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds package zips for the tests, entry by entry, in the order given. */
final class TestZip {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();

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

  TestZip without(String path) {
    entries.remove(path);
    return this;
  }

  /** The same entries, all under one top-level directory, as zipping a directory gives. */
  TestZip under(String directory) {
    TestZip moved = new TestZip().with(directory + "/", new byte[0]);
    entries.forEach((path, content) -> moved.with(directory + "/" + path, content));
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
    return out.toByteArray();
  }

  ProblemPackage parse() {
    return ProblemPackage.parse(bytes(), 10_000_000);
  }
}
