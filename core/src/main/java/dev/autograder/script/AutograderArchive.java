package dev.autograder.script;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Gradescope-style autograder archive: setup.sh and run_autograder at its root (or inside its
 * single top-level directory, as a zipped folder has them), plus whatever they need. Operating
 * system litter (__MACOSX/, dot-files) is skipped; paths that escape are refused.
 */
public final class AutograderArchive {
  private AutograderArchive() {}

  /** The archive's files by path relative to its root; fails with a message for the instructor. */
  public static Map<String, byte[]> files(byte[] zip, long maxBytes) {
    Map<String, byte[]> files = new TreeMap<>();
    long total = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String path = e.getName();
        if (e.isDirectory() || isLitter(path)) {
          continue;
        }
        if (path.startsWith("/") || path.contains("\\") || ("/" + path + "/").contains("/../")) {
          throw new InvalidAutograderException("the archive has an unsafe path: " + path);
        }
        if (files.size() == 10_000) {
          throw new InvalidAutograderException("the archive has more than 10000 files");
        }
        byte[] content = in.readNBytes((int) Math.min(maxBytes - total + 1, Integer.MAX_VALUE - 8));
        total += content.length;
        if (total > maxBytes) {
          throw new InvalidAutograderException(
              "the archive unpacks to more than " + maxBytes + " bytes");
        }
        files.put(path, content);
      }
    } catch (IOException e) {
      throw new InvalidAutograderException("the archive is not a readable zip: " + e.getMessage());
    }
    if (!files.containsKey("run_autograder")) {
      files = fromTopDirectory(files);
    }
    if (!files.containsKey("setup.sh")) {
      throw new InvalidAutograderException("the archive has no setup.sh next to run_autograder");
    }
    return files;
  }

  private static boolean isLitter(String path) {
    return path.startsWith("__MACOSX/") || path.startsWith(".") || path.contains("/.");
  }

  private static Map<String, byte[]> fromTopDirectory(Map<String, byte[]> files) {
    String top =
        files.keySet().stream()
            .filter(p -> p.endsWith("/run_autograder"))
            .map(p -> p.substring(0, p.length() - "run_autograder".length()))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidAutograderException(
                        "the archive has no run_autograder at its root"));
    if (top.indexOf('/') != top.length() - 1) {
      throw new InvalidAutograderException(
          "run_autograder must be at the archive's root or one folder down");
    }
    Map<String, byte[]> stripped = new TreeMap<>();
    files.forEach(
        (p, c) -> {
          if (p.startsWith(top)) {
            stripped.put(p.substring(top.length()), c);
          }
        });
    return stripped;
  }

  /** The archive breaks a rule; the message tells the instructor which. */
  public static final class InvalidAutograderException extends RuntimeException {
    public InvalidAutograderException(String message) {
      super(message);
    }
  }
}
