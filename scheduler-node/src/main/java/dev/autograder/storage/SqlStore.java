package dev.autograder.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** Read tables' JDBC: every call runs on the JDBC dispatcher, never on the caller's thread. */
public final class SqlStore {

  /** Work on one connection; its SQLException fails the stage. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  public interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  private final DataSource dataSource;
  private final Executor jdbcDispatcher;

  public SqlStore(DataSource dataSource, Executor jdbcDispatcher) {
    this.dataSource = dataSource;
    this.jdbcDispatcher = jdbcDispatcher;
  }

  /** Runs the work in one transaction. */
  public <T> CompletionStage<T> transaction(Work<T> work) {
    return onConnection(
        c -> {
          c.setAutoCommit(false);
          try {
            T result = work.apply(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          }
        });
  }

  /**
   * One query in autocommit: a single statement is its own snapshot, and a transaction around it
   * would cost a round trip for its commit (on every token check).
   */
  public <T> CompletionStage<List<T>> query(String sql, Row<T> row, Object... parameters) {
    return onConnection(
        c -> {
          c.setAutoCommit(true);
          return list(c, sql, row, parameters);
        });
  }

  /** The work on a pooled connection, on the JDBC dispatcher; its SQLException fails the stage. */
  private <T> CompletionStage<T> onConnection(Work<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
          } catch (SQLException e) {
            throw new CompletionException(
                new IllegalStateException("database: " + e.getMessage(), e));
          }
        },
        jdbcDispatcher);
  }

  /** Idempotent DDL; blocks, so call it at start-up. */
  public void define(String... statements) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... parameters)
      throws SQLException {
    try (PreparedStatement s = prepare(c, sql, parameters);
        ResultSet r = s.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(row.read(r));
      }
      return rows;
    }
  }

  public static int update(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, parameters)) {
      return s.executeUpdate();
    }
  }

  /**
   * One statement for each row of parameters, sent in one round trip (nothing when there are no
   * rows).
   */
  public static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (Object[] parameters : rows) {
        bind(s, parameters);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    bind(s, parameters);
    return s;
  }

  private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object p = parameters[i];
      if (p == null) {
        s.setNull(i + 1, Types.NULL);
      } else {
        s.setObject(i + 1, p instanceof Instant at ? Timestamp.from(at) : p);
      }
    }
  }

  public static Instant instant(ResultSet r, String column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
