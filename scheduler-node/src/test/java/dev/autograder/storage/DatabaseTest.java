package dev.autograder.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every H2 database the node opens writes each commit to its file before the commit returns
 * (WRITE_DELAY=0): with H2's default, a node killed within half a second of a commit lost it.
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
        ResultSet r = c.createStatement().executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertTrue(r.next(), "H2 reports its WRITE_DELAY");
      return Integer.parseInt(r.getString(1));
    }
  }

  @Test
  void anH2UrlThatDoesNotSayItRunsWithoutWriteDelay() throws Exception {
    Path dir = Files.createTempDirectory("autograder-h2");
    Config config = withUrl("jdbc:h2:file:" + dir + "/db;DATABASE_TO_UPPER=false");
    assertEquals("jdbc:h2:file:" + dir + "/db;DATABASE_TO_UPPER=false;WRITE_DELAY=0", Database.url(config));
    assertEquals(0, writeDelay(config));
  }

  @Test
  void theDefaultDatabaseRunsWithoutWriteDelay() throws Exception {
    Path dir = Files.createTempDirectory("autograder-h2");
    Config config = ConfigFactory.parseMap(Map.of("autograder.data-dir", dir.toString()))
        .withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
    assertEquals(0, writeDelay(config));
    assertTrue(Files.exists(dir.resolve("autograder.mv.db")), "the H2 file lives in the data dir");
  }

  @Test
  void theJournalsPoolOpensTheSameUrlAsTheBlobStores() {
    Config config = withUrl("jdbc:h2:file:/tmp/x/db;DATABASE_TO_UPPER=false");
    assertEquals(Database.url(config),
        Database.withPersistence(config).getString("pekko-persistence-jdbc.shared-databases.slick.db.url"));
  }

  @Test
  void aUrlThatAlreadySaysWriteDelayZeroIsKeptAsItIs() {
    String url = "jdbc:h2:file:/tmp/x/db;write_delay=0;DATABASE_TO_UPPER=false";
    assertEquals(url, Database.url(withUrl(url)));
  }

  @Test
  void anH2UrlWithAnotherWriteDelayIsRefusedWithTheKeysName() {
    var refused = assertThrows(IllegalArgumentException.class,
        () -> Database.url(withUrl("jdbc:h2:file:/tmp/x/db;DATABASE_TO_UPPER=false;WRITE_DELAY=500")));
    assertTrue(refused.getMessage().startsWith("autograder.database.url must not set WRITE_DELAY=500"),
        refused.getMessage());
  }

  @Test
  void aPostgresUrlIsLeftAsItIs() {
    String url = "jdbc:postgresql://127.0.0.1:5432/autograder";
    assertEquals(url, Database.url(withUrl(url)));
  }
}
