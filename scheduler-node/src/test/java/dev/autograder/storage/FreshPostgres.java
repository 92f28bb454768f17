package dev.autograder.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.autograder.testing.RequiredService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database of a test's own on the server {@code AUTOGRADER_TEST_POSTGRES_URL} names,
 * so that its journal and read side start empty; dropped when closed.
 */
public final class FreshPostgres implements AutoCloseable {
  public static final String USER = "autograder";

  private final String server;
  private final String name;

  private FreshPostgres(String server, String name) {
    this.server = server;
    this.name = name;
  }

  /** {@code prefix}: what the database's name starts with, to tell whose it was. */
  public static FreshPostgres create(String prefix) throws SQLException {
    String server = System.getenv("AUTOGRADER_TEST_POSTGRES_URL");
    RequiredService.require(
        "PostgreSQL (scripts/ensure-postgres.sh)",
        () -> {
          try (Connection c = DriverManager.getConnection(server, USER, USER)) {
            return c.isValid(5);
          } catch (Exception e) {
            return false;
          }
        });
    String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(server, USER, USER)) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return new FreshPostgres(server, name);
  }

  /** Its JDBC URL, for {@link #USER}. */
  public String url() {
    return server.substring(0, server.lastIndexOf('/') + 1) + name;
  }

  /** A plain data source on it, for a store under test. */
  public DataSource dataSource() {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url());
    pg.setUser(USER);
    pg.setPassword(USER);
    return pg;
  }

  /** The {@code autograder.database} settings that open it. */
  public Config settings() {
    return ConfigFactory.parseMap(
        Map.of(
            "autograder.database.url",
            url(),
            "autograder.database.user",
            USER,
            "autograder.database.password",
            USER));
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(server, USER, USER)) {
      c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
