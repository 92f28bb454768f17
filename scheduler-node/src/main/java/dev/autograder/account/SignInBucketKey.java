package dev.autograder.account;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * The key that spreads usernames over the sign-in buckets: random, made by the first scheduler node
 * that starts and kept in the database every scheduler node shares, so all of them pick the same
 * bucket for a name and nobody outside can predict which.
 */
public final class SignInBucketKey {
  private static final String NAME = "sign-in-buckets";

  /** The SQL state of a unique-key violation, in H2 and PostgreSQL alike. */
  private static final String DUPLICATE_KEY = "23505";

  private SignInBucketKey() {}

  private static boolean tableExists(Connection c) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1 FROM autograder_cluster_key WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Blocks: call it at start-up. Two nodes starting at once agree on the one key stored first. */
  public static byte[] loadOrCreate(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS autograder_cluster_key (name VARCHAR(40) PRIMARY KEY, "
                + "key_hex CHAR(64) NOT NULL)");
      } catch (SQLException e) {
        // PostgreSQL: another node creating the table at the same moment makes IF NOT EXISTS fail
        // (duplicate key, type or table, by timing); the table that node made is the one to use.
        if (!tableExists(c)) {
          throw e;
        }
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO autograder_cluster_key (name, key_hex) VALUES (?, ?)")) {
        insert.setString(1, NAME);
        insert.setString(2, HexFormat.of().formatHex(fresh));
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!DUPLICATE_KEY.equals(e.getSQLState())) {
          throw e;
        }
      }
      try (PreparedStatement select =
          c.prepareStatement("SELECT key_hex FROM autograder_cluster_key WHERE name = ?")) {
        select.setString(1, NAME);
        try (ResultSet r = select.executeQuery()) {
          if (!r.next()) {
            throw new SQLException("the sign-in bucket key was neither stored nor found");
          }
          return HexFormat.of().parseHex(r.getString(1));
        }
      }
    }
  }
}
