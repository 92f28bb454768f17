package dev.autograder.problem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /**
   * Finder's "Compress" adds resource forks here; they would hide the single top-level directory.
   */
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
    Set<String> links = ZipSymlinks.in(zip);
    String first = files.firstKey();
    int slash = first.indexOf('/');
    String top = slash < 0 ? "" : first.substring(0, slash + 1);
    if (top.isEmpty() || !files.keySet().stream().allMatch(path -> path.startsWith(top))) {
      return new PackageFiles(withLinksFollowed(files, links), Optional.empty());
    }
    Set<String> linksBelowTop = new HashSet<>();
    links.forEach(link -> linksBelowTop.add(link.substring(top.length())));
    return new PackageFiles(
        withLinksFollowed(under(files, top), linksBelowTop),
        Optional.of(first.substring(0, slash)));
  }

  /**
   * The files with each symbolic link replaced by what it points to: a file's content, or a
   * directory's files copied below the link. The format allows links within the package only.
   */
  private static SortedMap<String, byte[]> withLinksFollowed(
      SortedMap<String, byte[]> files, Set<String> links) {
    if (links.isEmpty()) {
      return files;
    }
    SortedMap<String, byte[]> followed = new TreeMap<>(files);
    for (String link : links) {
      String target = destination(files, links, link);
      if (isDirectory(files, target)) {
        if ((link + "/").startsWith(target + "/")) {
          throw new InvalidPackageException(
              "the symlink "
                  + printable(link)
                  + " points to "
                  + printable(target)
                  + ", a directory holding the link itself: a cycle");
        }
        followed.remove(link);
        under(files, target + "/")
            .forEach(
                (path, content) ->
                    followed.put(
                        link + "/" + path,
                        links.contains(target + "/" + path)
                            ? fileAt(files, files, links, target + "/" + path)
                            : content));
      }
    }
    for (String link : links) {
      if (!isDirectory(files, destination(files, links, link))) {
        followed.put(link, fileAt(files, followed, links, link));
      }
    }
    return followed;
  }

  /**
   * The content of the file {@code link} leads to (following links as {@code files} has them) in
   * {@code lookup}.
   */
  private static byte[] fileAt(
      SortedMap<String, byte[]> files,
      SortedMap<String, byte[]> lookup,
      Set<String> links,
      String link) {
    String target = destination(files, links, link);
    if (!lookup.containsKey(target)) {
      throw new InvalidPackageException(
          "the symlink "
              + printable(link)
              + " points to "
              + printable(target)
              + (isDirectory(files, target)
                  ? ", a directory linked inside a linked directory"
                  : ", which is not in the package"));
    }
    return lookup.get(target);
  }

  private static boolean isDirectory(SortedMap<String, byte[]> files, String path) {
    return !files.subMap(path + "/", path + "0").isEmpty();
  }

  /** Where {@code link} leads, following links to links. */
  private static String destination(
      SortedMap<String, byte[]> files, Set<String> links, String link) {
    List<String> chain = new ArrayList<>();
    String at = link;
    while (links.contains(at) && files.containsKey(at)) {
      if (chain.contains(at)) {
        chain.add(at);
        throw new InvalidPackageException(
            "the symlink "
                + printable(link)
                + " is part of a cycle: "
                + printable(String.join(" -> ", chain)));
      }
      chain.add(at);
      String text = new String(files.get(at), StandardCharsets.UTF_8);
      int slash = at.lastIndexOf('/');
      Optional<String> next =
          text.startsWith("/") ? Optional.empty() : normalized(at.substring(0, slash + 1) + text);
      if (next.isEmpty()) {
        throw new InvalidPackageException(
            "the symlink "
                + printable(at)
                + " points to "
                + printable(text)
                + ", outside the package");
      }
      at = next.get();
    }
    return at;
  }

  /** The path with "." and ".." taken out; empty when it climbs above the package's root. */
  private static Optional<String> normalized(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.addLast(part);
      }
    }
    return Optional.of(String.join("/", parts));
  }

  private static SortedMap<String, byte[]> unzip(byte[] zip, long maxUnpackedBytes) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    long total = 0;
    int entries = 0;
    byte[] buffer = new byte[8192];
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (++entries > MAX_ENTRIES) {
          throw new InvalidPackageException(
              "the package may have at most " + MAX_ENTRIES + " zip entries");
        }
        String name = entry.getName();
        checkName(name);
        // Read every entry, even those skipped below: inflating is where a zip bomb would go off.
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          total += n;
          if (total > maxUnpackedBytes) {
            throw new InvalidPackageException(
                "the package unpacks to more than " + maxUnpackedBytes + " bytes");
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
          "the zip entry '"
              + printable(name)
              + "' is not allowed: use relative paths with '/', without '..'");
    }
  }

  static String printable(String s) {
    String visible = s.replaceAll("\\p{Cntrl}", "?");
    return visible.length() > 200 ? visible.substring(0, 200) + "..." : visible;
  }

  /** The files below {@code directory} (ending in '/'), by path relative to it. */
  static SortedMap<String, byte[]> under(SortedMap<String, byte[]> files, String directory) {
    SortedMap<String, byte[]> below = new TreeMap<>();
    files.forEach(
        (path, content) -> {
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
