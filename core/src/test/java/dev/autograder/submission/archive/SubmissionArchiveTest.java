package dev.autograder.submission.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class SubmissionArchiveTest {
  private final SubmissionArchive archive = new SubmissionArchive(3, 1000);

  private static SubmittedFile file(String path, String content) {
    return new SubmittedFile(path, content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void packingIsDeterministicAndUnpacksToTheSameFiles() {
    var files = List.of(file("src/Main.java", "class Main {}"), file("README.txt", "hi"));
    byte[] a = archive.pack(files);
    byte[] b = archive.pack(List.of(files.get(1), files.get(0)));
    assertArrayEquals(a, b, "the order of upload does not change the archive or its hash");
    assertEquals(
        List.of(file("README.txt", "hi"), file("src/Main.java", "class Main {}")),
        archive.unpack(a));
  }

  @Test
  void pathsThatEscapeOrHideAreRefused() {
    for (String bad :
        List.of(
            "../x",
            "/abs",
            "a/../b",
            ".hidden",
            "a/.git/config",
            "",
            "a//b",
            "a/",
            "x\\y",
            ".grading/stdin",
            "a b",
            "tab\there",
            "nul\0x",
            "é.py",
            "x".repeat(101))) {
      assertThrows(InvalidSubmissionException.class, () -> SubmissionArchive.checkPath(bad), bad);
    }
    SubmissionArchive.checkPath("src/main/java/Main.java");
    SubmissionArchive.checkPath("test_1.c++");
  }

  @Test
  void limitsOnCountSizeAndDuplicatesAreEnforced() {
    assertThrows(InvalidSubmissionException.class, () -> archive.validate(List.of()));
    assertThrows(
        InvalidSubmissionException.class,
        () ->
            archive.validate(List.of(file("a", ""), file("b", ""), file("c", ""), file("d", ""))));
    assertThrows(
        InvalidSubmissionException.class,
        () -> archive.validate(List.of(file("a", "x".repeat(1001)))));
    assertThrows(
        InvalidSubmissionException.class,
        () -> archive.validate(List.of(file("a", ""), file("a", ""))));
  }

  @Test
  void aZipBombStopsAtTheSizeLimitWhileUnpacking() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("bomb.txt"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertEquals(
        true, out.size() < 200_000, "100 MiB of zeros compress to " + out.size() + " bytes");
    var e = assertThrows(InvalidSubmissionException.class, () -> archive.unpack(out.toByteArray()));
    assertEquals("a submission may have at most 1000 bytes unpacked", e.getMessage());
  }

  @Test
  void anArchiveWithAnEscapingEntryIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("../../etc/cron.d/x"));
      zip.write(1);
      zip.closeEntry();
    }
    assertThrows(InvalidSubmissionException.class, () -> archive.unpack(out.toByteArray()));
    assertThrows(
        InvalidSubmissionException.class,
        () -> archive.unpack("not a zip".getBytes(StandardCharsets.UTF_8)));
  }
}
