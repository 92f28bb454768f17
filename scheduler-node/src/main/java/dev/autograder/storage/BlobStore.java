package dev.autograder.storage;

import dev.autograder.ContentHash;
import dev.autograder.blob.BlobChunk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Content-addressed blobs (submission archives, grading specs) in the database, so that every API
 * node can serve every blob and they survive restarts. JDBC runs on the given dispatcher only.
 */
public final class BlobStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final Executor jdbcDispatcher;
  private final boolean postgres;

  public BlobStore(DataSource dataSource, Executor jdbcDispatcher, boolean postgres) {
    this.dataSource = dataSource;
    this.jdbcDispatcher = jdbcDispatcher;
    this.postgres = postgres;
  }

  /** Idempotent; blocks, so call it at start-up. */
  public void createTableIfMissing() throws SQLException {
    String content = postgres ? "BYTEA" : "BLOB";
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS autograder_blob (hash CHAR(64) PRIMARY KEY, size BIGINT NOT NULL, "
              + "content "
              + content
              + " NOT NULL, stored_at TIMESTAMP NOT NULL)");
    }
  }

  /** Stores the content under its SHA-256 (once, however often it is put) and answers the hash. */
  public CompletionStage<String> put(byte[] content) {
    String hash = ContentHash.sha256(content);
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = dataSource.getConnection();
              PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO autograder_blob (hash, size, content, stored_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, hash);
            s.setLong(2, content.length);
            s.setBytes(3, content);
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.executeUpdate();
          } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw new BlobStoreFailure("could not store blob " + hash, e);
            }
          }
          return hash;
        },
        jdbcDispatcher);
  }

  public CompletionStage<Optional<byte[]>> get(String hash) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = dataSource.getConnection();
              PreparedStatement s =
                  c.prepareStatement("SELECT content FROM autograder_blob WHERE hash = ?")) {
            s.setString(1, hash);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.of(r.getBytes(1)) : Optional.<byte[]>empty();
            }
          } catch (SQLException e) {
            throw new BlobStoreFailure("could not read blob " + hash, e);
          }
        },
        jdbcDispatcher);
  }

  /**
   * Up to {@code length} bytes of a blob from {@code offset} on, with its whole size; empty when no
   * blob has the hash. Only the chunk leaves the database, so reading a large package chunk by
   * chunk costs its size once, not once per chunk.
   */
  public CompletionStage<Optional<BlobChunk>> read(String hash, long offset, int length) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = dataSource.getConnection();
              PreparedStatement s =
                  c.prepareStatement(
                      "SELECT size, SUBSTRING(content FROM ? FOR ?) FROM autograder_blob WHERE hash = ?")) {
            // PostgreSQL's SUBSTRING of bytea takes integers; no blob comes near 2 GiB.
            s.setInt(1, (int) Math.min(offset + 1, Integer.MAX_VALUE));
            s.setInt(2, length);
            s.setString(3, hash);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return Optional.<BlobChunk>empty();
              }
              long size = r.getLong(1);
              byte[] bytes = offset >= size ? new byte[0] : r.getBytes(2);
              return Optional.of(new BlobChunk(bytes, offset, size));
            }
          } catch (SQLException e) {
            throw new BlobStoreFailure("could not read blob " + hash, e);
          }
        },
        jdbcDispatcher);
  }

  /** The database failed; the request can be tried again. */
  public static final class BlobStoreFailure extends RuntimeException {
    BlobStoreFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
