package dev.autograder.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of the embedded H2 database while the node runs, asked for through the data directory: a
 * file NAME in {@code <data-dir>/backup-requests/} makes the node write {@code
 * <data-dir>/backups/NAME.zip} with H2's {@code BACKUP TO} (transactionally consistent: the MVStore
 * copies on write, so the zip holds one committed state while writes go on) and then remove the
 * request. Whoever may write the data directory may read the database anyway, so the directory is
 * the only permission needed; nothing listens on a port. A request that failed leaves {@code
 * NAME.failed} with the reason. scripts/h2-backup.sh makes requests and restores.
 */
public final class H2Backups {
  private static final Logger log = LoggerFactory.getLogger(H2Backups.class);

  /** A request's name becomes a file name inside a SQL string: nothing but these. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final DataSource database;
  private final Path requests;
  private final Path backups;

  public H2Backups(DataSource database, Path dataDir) {
    this.database = database;
    this.requests = dataDir.resolve("backup-requests");
    this.backups = dataDir.resolve("backups");
  }

  /** Serves every request waiting now; called again every {@code h2-backup-poll-interval}. */
  public synchronized void serveRequests() {
    if (!Files.isDirectory(requests)) {
      return;
    }
    try (DirectoryStream<Path> waiting = Files.newDirectoryStream(requests)) {
      for (Path request : waiting) {
        serve(request);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("could not serve the backup requests in {}: {}", requests, e.toString());
    }
  }

  private void serve(Path request) throws IOException {
    String name = request.getFileName().toString();
    if (name.endsWith(".failed") || name.startsWith(".")) {
      return;
    }
    if (!NAME.matcher(name).matches()) {
      fail(
          request,
          "a backup request's name must be letters, digits, '.', '_' and '-' (at most 100), not '"
              + name
              + "'");
      return;
    }
    Files.createDirectories(backups);
    Path partial = backups.resolve(name + ".zip.part");
    Path done = backups.resolve(name + ".zip");
    long start = System.nanoTime();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      Files.deleteIfExists(partial);
      s.execute("BACKUP TO '" + partial.toAbsolutePath() + "'");
    } catch (SQLException e) {
      Files.deleteIfExists(partial);
      fail(request, "BACKUP TO failed: " + e.getMessage());
      return;
    }
    // The zip appears under its name only once whole.
    Files.move(partial, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(request);
    log.info(
        "H2 backup {} written ({} bytes, {} ms)",
        done,
        Files.size(done),
        (System.nanoTime() - start) / 1_000_000);
  }

  private void fail(Path request, String why) throws IOException {
    log.warn("backup request {} failed: {}", request, why);
    Files.writeString(requests.resolve(request.getFileName() + ".failed"), why + "\n");
    Files.deleteIfExists(request);
  }
}
