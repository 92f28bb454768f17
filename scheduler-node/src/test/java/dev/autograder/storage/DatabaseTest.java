package dev.autograder.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every H2 database the node opens writes each commit to the end of its file before the commit
 * returns (WRITE_DELAY=0, REUSE_SPACE=FALSE): with H2's default write delay a node killed within
 * half a second of a commit lost it, and with its reuse of freed space it lost its last commits
 * once old chunks were reused.
 */
class DatabaseTest {
  private static Config withUrl(String url) {
    return ConfigFactory.parseMap(Map.of("autograder.database.url", url))
        .withFallback(ConfigFactory.defaultReference());
  }

  /** The write delay the running H2 database reports. */
  private static int writeDelay(Config config) throws Exception {
    try (var pool = Database.dataSource(config);
        Connection c = pool.getConnection();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertTrue(r.next(), "H2 reports its WRITE_DELAY");
      return Integer.parseInt(r.getString(1));
    }
  }

  @Test
  void anH2UrlThatDoesNotSayItRunsWithoutWriteDelay() throws Exception {
    Path dir = Files.createTempDirectory("autograder-h2");
    Config config = withUrl("jdbc:h2:file:" + dir + "/db;DATABASE_TO_UPPER=false");
    assertEquals(
        "jdbc:h2:file:" + dir + "/db;DATABASE_TO_UPPER=false;WRITE_DELAY=0;REUSE_SPACE=FALSE",
        Database.url(config));
    assertEquals(0, writeDelay(config));
  }

  @Test
  void theDefaultDatabaseRunsWithoutWriteDelay() throws Exception {
    Path dir = Files.createTempDirectory("autograder-h2");
    Config config =
        ConfigFactory.parseMap(Map.of("autograder.data-dir", dir.toString()))
            .withFallback(ConfigFactory.defaultReferenceUnresolved())
            .resolve();
    assertEquals(0, writeDelay(config));
    assertTrue(Files.exists(dir.resolve("autograder.mv.db")), "the H2 file lives in the data dir");
  }

  @Test
  void theJournalsPoolOpensTheSameUrlAsTheBlobStores() {
    Config config = withUrl("jdbc:h2:file:/tmp/x/db;DATABASE_TO_UPPER=false");
    assertEquals(
        Database.url(config),
        Database.withPersistence(config)
            .getString("pekko-persistence-jdbc.shared-databases.slick.db.url"));
  }

  @Test
  void aUrlThatAlreadySaysWriteDelayZeroAndNoReuseIsKeptAsItIs() {
    String url = "jdbc:h2:file:/tmp/x/db;write_delay=0;reuse_space=false;DATABASE_TO_UPPER=false";
    assertEquals(url, Database.url(withUrl(url)));
  }

  @Test
  void anH2UrlThatReusesSpaceIsRefusedWithTheKeysName() {
    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> Database.url(withUrl("jdbc:h2:file:/tmp/x/db;REUSE_SPACE=TRUE")));
    assertTrue(
        refused.getMessage().startsWith("autograder.database.url must not set REUSE_SPACE=TRUE"),
        refused.getMessage());
  }

  /**
   * A process committing from four threads is killed with SIGKILL, three times on the same file:
   * every commit it saw return is there when the file is opened again. RETENTION_TIME=1000 lets H2
   * reuse freed space after 1 s instead of 45 s; with reuse, 8 of 10 such kills lost commits.
   */
  /** The keys the committer printed, not what the pool logs on the same standard output. */
  private static List<String> committedKeys(Path out) throws IOException {
    return Files.readAllLines(out).stream().filter(line -> line.matches("\\d+-\\d-\\d+")).toList();
  }

  @Test
  void everyCommitThatReturnedIsThereAfterTheProcessIsKilled() throws Exception {
    Path dir = Files.createTempDirectory("autograder-h2-kill");
    String url = "jdbc:h2:file:" + dir + "/db;DATABASE_TO_UPPER=false;RETENTION_TIME=1000";
    Set<String> confirmed = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      Path out = dir.resolve("committed-" + round + ".txt");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  H2Committer.class.getName(),
                  url)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      // Killed mid-stream once it has committed a while: a fixed sleep killed a JVM still starting
      // on a loaded machine, before its first commit.
      Instant giveUpAt = Instant.now().plusSeconds(60);
      while (committedKeys(out).size() < 50 && p.isAlive() && Instant.now().isBefore(giveUpAt)) {
        Thread.sleep(100);
      }
      Thread.sleep(500);
      p.destroyForcibly(); // SIGKILL
      p.waitFor();
      List<String> keys = committedKeys(out);
      assertTrue(keys.size() > 10, "round " + round + " committed " + keys.size() + " rows");
      confirmed.addAll(keys);
    }
    Set<String> stored = new HashSet<>();
    try (var pool = Database.dataSource(withUrl(url));
        Connection c = pool.getConnection();
        ResultSet r = c.createStatement().executeQuery("SELECT k FROM committed")) {
      while (r.next()) {
        stored.add(r.getString(1));
      }
    }
    Set<String> lost = new TreeSet<>(confirmed);
    lost.removeAll(stored);
    assertEquals(Set.of(), lost, "of " + confirmed.size() + " commits that returned");
  }

  @Test
  void theH2FileIsCompactedWithItsRowsKept() throws Exception {
    Path dir = Files.createTempDirectory("autograder-h2-compact");
    Config config = withUrl("jdbc:h2:file:" + dir + "/db;DATABASE_TO_UPPER=false");
    try (var pool = Database.dataSource(config);
        Connection c = pool.getConnection()) {
      c.createStatement().execute("CREATE TABLE t(id INT PRIMARY KEY, v VARBINARY(500))");
      var insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
      for (int i = 0; i < 2_000; i++) { // one commit each: without reuse, the file grows with each
        insert.setInt(1, i);
        insert.setBytes(2, new byte[500]);
        insert.executeUpdate();
      }
      // closing the pool closes the database; H2 compacts for at most 200 ms then
    }
    long grown = Files.size(dir.resolve("db.mv.db"));
    long[] sizes = Database.compactOnStart(config).orElseThrow();
    assertEquals(grown, sizes[0]);
    assertTrue(sizes[1] < grown / 4, "compacted from " + grown + " to " + sizes[1] + " bytes");
    try (var pool = Database.dataSource(config);
        Connection c = pool.getConnection();
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
      r.next();
      assertEquals(2_000, r.getInt(1));
    }
  }

  @Test
  void thereIsNothingToCompactBeforeTheFileExistsNorOnPostgres() throws Exception {
    Path dir = Files.createTempDirectory("autograder-h2-none");
    assertTrue(Database.compactOnStart(withUrl("jdbc:h2:file:" + dir + "/db")).isEmpty());
    assertTrue(
        Database.compactOnStart(withUrl("jdbc:postgresql://127.0.0.1:5432/autograder")).isEmpty());
  }

  @Test
  void anH2UrlWithAnotherWriteDelayIsRefusedWithTheKeysName() {
    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Database.url(
                    withUrl("jdbc:h2:file:/tmp/x/db;DATABASE_TO_UPPER=false;WRITE_DELAY=500")));
    assertTrue(
        refused.getMessage().startsWith("autograder.database.url must not set WRITE_DELAY=500"),
        refused.getMessage());
  }

  @Test
  void aPostgresUrlIsLeftAsItIs() {
    String url = "jdbc:postgresql://127.0.0.1:5432/autograder";
    assertEquals(url, Database.url(withUrl(url)));
  }
}
