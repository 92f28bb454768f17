package dev.autograder.storage;

import dev.autograder.testing.RequiredService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

/**
 * A PostgreSQL database of one test's own on the server AUTOGRADER_TEST_POSTGRES_URL names, dropped
 * when closed, so that tests never share rows with each other or with a run beside them.
 */
public final class ScratchPostgres implements AutoCloseable {
  public static final String USER = "autograder";

  private final String server;
  private final String name;

  private ScratchPostgres(String server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Skipped on a laptop without PostgreSQL, failed under CI=true. */
  public static ScratchPostgres create(String prefix) throws Exception {
    String server = System.getenv("AUTOGRADER_TEST_POSTGRES_URL");
    RequiredService.require("PostgreSQL (scripts/ensure-postgres.sh)", () -> {
      try (Connection c = DriverManager.getConnection(server, USER, USER)) {
        return c.isValid(5);
      } catch (Exception e) {
        return false;
      }
    });
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(server, USER, USER)) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return new ScratchPostgres(server, name);
  }

  public String url() {
    return server.substring(0, server.lastIndexOf('/') + 1) + name;
  }

  @Override
  public void close() throws Exception {
    try (Connection c = DriverManager.getConnection(server, USER, USER)) {
      c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
