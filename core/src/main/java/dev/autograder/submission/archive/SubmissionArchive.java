package dev.autograder.submission.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Packs a submission's files into one archive and back, enforcing the submission rules both ways.
 * Packing is deterministic (sorted paths, fixed timestamps), so equal files give equal hashes.
 */
public final class SubmissionArchive {

  /** Where the grader keeps its own files inside the sandbox; no submitted path may use it. */
  public static final String RESERVED_DIRECTORY = ".grading";

  /** One segment of a submitted path; clients check names against it before they upload. */
  public static final String PATH_SEGMENT = "[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}";

  private static final Pattern SEGMENT = Pattern.compile(PATH_SEGMENT);

  private final int maxFiles;
  private final long maxTotalBytes;

  public SubmissionArchive(int maxFiles, long maxTotalBytes) {
    this.maxFiles = maxFiles;
    this.maxTotalBytes = maxTotalBytes;
  }

  /** Checks every rule and returns the files in a canonical order. */
  public List<SubmittedFile> validate(List<SubmittedFile> files) {
    if (files.isEmpty()) {
      throw new InvalidSubmissionException("a submission needs at least one file");
    }
    if (files.size() > maxFiles) {
      throw new InvalidSubmissionException(
          "a submission may have at most " + maxFiles + " files, this one has " + files.size());
    }
    long total = 0;
    Set<String> seen = new HashSet<>();
    for (SubmittedFile f : files) {
      checkPath(f.path());
      if (!seen.add(f.path())) {
        throw new InvalidSubmissionException("the file " + f.path() + " appears twice");
      }
      total += f.content().length;
    }
    if (total > maxTotalBytes) {
      throw new InvalidSubmissionException(
          "a submission may have at most " + maxTotalBytes + " bytes, this one has " + total);
    }
    List<SubmittedFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(SubmittedFile::path));
    return sorted;
  }

  /** A relative path of plain segments: no absolute path, no "..", no hidden or reserved name. */
  public static void checkPath(String path) {
    if (path.isEmpty() || path.length() > 255) {
      throw new InvalidSubmissionException("a file path must have 1 to 255 characters");
    }
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(RESERVED_DIRECTORY)) {
        throw new InvalidSubmissionException(
            "the file path '"
                + printable(path)
                + "' is not allowed: use relative paths of letters,"
                + " digits, '_', '-', '+' and '.', not starting with '.' and without '..'");
      }
    }
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  public byte[] pack(List<SubmittedFile> files) {
    List<SubmittedFile> canonical = validate(files);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (SubmittedFile f : canonical) {
        ZipEntry entry = new ZipEntry(f.path());
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(f.content());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a zip a student uploaded: like {@link #unpack}, and refuses symbolic links, which a plain
   * zip reader would turn into ordinary files holding the link's target.
   */
  public List<SubmittedFile> unpackUpload(byte[] zip) {
    String link = firstSymlink(zip);
    if (link != null) {
      throw new InvalidSubmissionException(
          "the archive holds a symbolic link, " + printable(link) + ": submit the file itself");
    }
    return unpack(zip);
  }

  /** The first entry whose Unix mode (in the central directory) says symbolic link, or null. */
  private static String firstSymlink(byte[] zip) {
    int end = -1;
    for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
      if (u32(zip, i) == 0x06054b50L) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      throw new InvalidSubmissionException(
          "the archive is not a readable zip: no central directory");
    }
    int entries = u16(zip, end + 10);
    long at = u32(zip, end + 16);
    for (int n = 0; n < entries; n++) {
      if (at < 0 || at + 46 > zip.length || u32(zip, (int) at) != 0x02014b50L) {
        throw new InvalidSubmissionException(
            "the archive is not a readable zip: a broken central directory");
      }
      int p = (int) at;
      int nameLength = u16(zip, p + 28);
      int extraLength = u16(zip, p + 30);
      int commentLength = u16(zip, p + 32);
      boolean unix = (u16(zip, p + 4) >> 8) == 3;
      long mode = u32(zip, p + 38) >>> 16;
      if (p + 46 + nameLength > zip.length) {
        throw new InvalidSubmissionException(
            "the archive is not a readable zip: a broken central directory");
      }
      if (unix && (mode & 0170000) == 0120000) {
        return new String(zip, p + 46, nameLength, java.nio.charset.StandardCharsets.UTF_8);
      }
      at = at + 46 + nameLength + extraLength + commentLength;
    }
    return null;
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int i) {
    return (u16(b, i) | (long) u16(b, i + 2) << 16) & 0xffffffffL;
  }

  /** Reads an archive, stopping as soon as a limit is passed (a zip bomb stops there too). */
  public List<SubmittedFile> unpack(byte[] archive) {
    List<SubmittedFile> files = new ArrayList<>();
    long total = 0;
    byte[] buffer = new byte[8192];
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.isDirectory()) {
          continue;
        }
        if (files.size() == maxFiles) {
          throw new InvalidSubmissionException(
              "a submission may have at most " + maxFiles + " files");
        }
        checkPath(e.getName());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
          total += n;
          if (total > maxTotalBytes) {
            throw new InvalidSubmissionException(
                "a submission may have at most " + maxTotalBytes + " bytes unpacked");
          }
          content.write(buffer, 0, n);
        }
        files.add(new SubmittedFile(e.getName(), content.toByteArray()));
      }
    } catch (IOException e) {
      throw new InvalidSubmissionException("the archive is not a readable zip: " + e.getMessage());
    }
    return validate(files);
  }
}
