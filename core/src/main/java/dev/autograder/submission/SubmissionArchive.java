package dev.autograder.submission;

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

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}");

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
            "the file path '" + printable(path) + "' is not allowed: use relative paths of letters,"
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
          throw new InvalidSubmissionException("a submission may have at most " + maxFiles + " files");
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
