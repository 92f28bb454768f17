package dev.autograder.problem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The files of a package zip, by path relative to the package root. Instructors zip either the
 * package's contents or its directory, so a single top-level directory is taken as the root.
 */
final class PackageFiles {

  static final int MAX_ENTRIES = 10_000;

  /** Finder's "Compress" adds resource forks here; they would hide the single top-level directory. */
  private static final String MAC_METADATA = "__MACOSX/";

  private final SortedMap<String, byte[]> files;
  private final Optional<String> directoryName;

  private PackageFiles(SortedMap<String, byte[]> files, Optional<String> directoryName) {
    this.files = files;
    this.directoryName = directoryName;
  }

  static PackageFiles read(byte[] zip, long maxUnpackedBytes) {
    SortedMap<String, byte[]> files = unzip(zip, maxUnpackedBytes);
    if (files.isEmpty()) {
      throw new InvalidPackageException("the package is not a zip or holds no files");
    }
    String first = files.firstKey();
    int slash = first.indexOf('/');
    if (slash < 0) {
      return new PackageFiles(files, Optional.empty());
    }
    String top = first.substring(0, slash + 1);
    if (!files.keySet().stream().allMatch(path -> path.startsWith(top))) {
      return new PackageFiles(files, Optional.empty());
    }
    return new PackageFiles(under(files, top), Optional.of(first.substring(0, slash)));
  }

  private static SortedMap<String, byte[]> unzip(byte[] zip, long maxUnpackedBytes) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    long total = 0;
    int entries = 0;
    byte[] buffer = new byte[8192];
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (++entries > MAX_ENTRIES) {
          throw new InvalidPackageException("the package may have at most " + MAX_ENTRIES + " zip entries");
        }
        String name = entry.getName();
        checkName(name);
        // Read every entry, even those skipped below: inflating is where a zip bomb would go off.
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          total += n;
          if (total > maxUnpackedBytes) {
            throw new InvalidPackageException("the package unpacks to more than " + maxUnpackedBytes + " bytes");
          }
          content.write(buffer, 0, n);
        }
        if (entry.isDirectory() || name.startsWith(MAC_METADATA)) {
          continue;
        }
        if (files.put(name, content.toByteArray()) != null) {
          throw new InvalidPackageException("the zip holds " + printable(name) + " twice");
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // ZipInputStream reports a malformed entry name as an IllegalArgumentException.
      throw new InvalidPackageException("the package is not a readable zip: " + e.getMessage());
    }
    return files;
  }

  private static void checkName(String name) {
    boolean absolute = name.startsWith("/") || name.matches("[A-Za-z]:.*");
    boolean escapes = ("/" + name + "/").contains("/../");
    if (name.isEmpty() || absolute || escapes || name.contains("\\")) {
      throw new InvalidPackageException(
          "the zip entry '" + printable(name) + "' is not allowed: use relative paths with '/', without '..'");
    }
  }

  static String printable(String s) {
    String visible = s.replaceAll("\\p{Cntrl}", "?");
    return visible.length() > 200 ? visible.substring(0, 200) + "..." : visible;
  }

  /** The files below {@code directory} (ending in '/'), by path relative to it. */
  static SortedMap<String, byte[]> under(SortedMap<String, byte[]> files, String directory) {
    SortedMap<String, byte[]> below = new TreeMap<>();
    files.forEach((path, content) -> {
      if (path.startsWith(directory)) {
        below.put(path.substring(directory.length()), content);
      }
    });
    return below;
  }

  SortedMap<String, byte[]> under(String directory) {
    return under(files, directory);
  }

  Optional<byte[]> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** The name of the zip's single top-level directory, when the package was zipped as one. */
  Optional<String> directoryName() {
    return directoryName;
  }
}
