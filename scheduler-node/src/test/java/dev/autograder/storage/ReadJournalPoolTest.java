package dev.autograder.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the read side's queries by tag are planned at every run, never with a generic plan
 * of a statement prepared on the server: made while the journal was young, that plan scanned all of
 * event_tag once per journal row and took seconds per query at a deadline rush.
 */
class ReadJournalPoolTest {
  /** As often as pgjdbc's default prepareThreshold (5) and more, so a prepared pool would show. */
  private static final int RUNS = 8;

  @Test
  void theReadJournalsStatementsAreNeverPreparedOnTheServerUnlikeTheJournals() throws Exception {
    try (FreshPostgres postgres = FreshPostgres.create("read_pool_")) {
      Config config = ReadSideHarness.localNode(postgres.settings());
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "read-pool", config);
      try {
        SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(
            0,
            preparedAfterRepeatedQueries(system, "jdbc-read-journal"),
            "statements the read journal's pool prepared on the server");
        // The same check finds what the journal's own pool (pgjdbc's defaults) prepares.
        assertTrue(
            preparedAfterRepeatedQueries(system, "jdbc-journal") > 0,
            "the journal's pool prepares a statement run this often");
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Runs a query by tag {@link #RUNS} times on one connection of the plugin's pool, a new statement
   * each time as Slick does, and answers how many statements that session has prepared.
   */
  private static long preparedAfterRepeatedQueries(ActorSystem<Void> system, String plugin)
      throws SQLException {
    var database =
        ((SlickExtensionImpl) SlickExtension.get(system.classicSystem()))
            .database(system.settings().config().getConfig(plugin))
            .database();
    try (Connection c = database.source().createConnection()) {
      for (int i = 0; i < RUNS; i++) {
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT j.ordering FROM event_journal j JOIN event_tag t ON t.event_id = j.ordering"
                    + " WHERE t.tag = ? AND j.ordering > ? ORDER BY j.ordering LIMIT 10")) {
          s.setString(1, "submission");
          s.setLong(2, i);
          s.executeQuery().close();
        }
      }
      try (ResultSet r =
          c.createStatement().executeQuery("SELECT count(*) FROM pg_prepared_statements")) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
