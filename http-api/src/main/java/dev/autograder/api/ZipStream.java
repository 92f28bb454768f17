package dev.autograder.api;

import dev.autograder.submission.archive.SubmittedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pekko.util.ByteString;

/**
 * A zip written piece by piece: each {@link #add} answers the bytes written since the last piece,
 * so that a stream sends the zip as it grows and holds no more than one piece in memory.
 */
final class ZipStream {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final ZipOutputStream zip = new ZipOutputStream(written);

  /** Adds the files under a folder ("ada/") and answers the bytes they took. */
  ByteString add(String folder, List<SubmittedFile> files) {
    try {
      for (SubmittedFile f : files) {
        ZipEntry entry = new ZipEntry(folder + f.path());
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(f.content());
        zip.closeEntry();
      }
      zip.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return drain();
  }

  /** Ends the zip (its central directory) and answers the last bytes. */
  ByteString finish() {
    try {
      zip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return drain();
  }

  private ByteString drain() {
    ByteString piece = ByteString.fromArray(written.toByteArray());
    written.reset();
    return piece;
  }
}
