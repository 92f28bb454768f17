package dev.autograder.account;

import dev.autograder.port.Identity.AccountView;
import dev.autograder.storage.PooledJdbcSession;
import dev.autograder.storage.SqlStore;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/** The read side of accounts, for lists and display names; written by its projection. */
public final class AccountsTable {
  private final SqlStore sql;

  public AccountsTable(SqlStore sql) {
    this.sql = sql;
  }

  public void createTableIfMissing() throws SQLException {
    sql.define(
        "CREATE TABLE IF NOT EXISTS autograder_account (username VARCHAR(64) PRIMARY KEY, "
            + "display_name VARCHAR(200) NOT NULL, site_admin BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL)");
  }

  public CompletionStage<List<AccountView>> all() {
    return sql.query(
        "SELECT username, display_name, site_admin FROM autograder_account ORDER BY username",
        r ->
            new AccountView(
                r.getString("username"), r.getString("display_name"), r.getBoolean("site_admin")));
  }

  /** Display names by username, for the given usernames that have an account. */
  public CompletionStage<Map<String, String>> displayNames(Collection<String> usernames) {
    if (usernames.isEmpty()) {
      return java.util.concurrent.CompletableFuture.completedFuture(Map.of());
    }
    String marks = String.join(",", java.util.Collections.nCopies(usernames.size(), "?"));
    return sql.query(
            "SELECT username, display_name FROM autograder_account WHERE username IN ("
                + marks
                + ")",
            r -> Map.entry(r.getString("username"), r.getString("display_name")),
            usernames.toArray())
        .thenApply(
            rows ->
                rows.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /** Keeps the table in step with the Account events. */
  public static final class Projection
      extends JdbcHandler<EventEnvelope<Account.Event>, PooledJdbcSession> {
    @Override
    public void process(PooledJdbcSession session, EventEnvelope<Account.Event> envelope)
        throws Exception {
      if (envelope.event() instanceof Account.AccountRegistered r) {
        session.withConnection(
            c -> {
              SqlStore.update(c, "DELETE FROM autograder_account WHERE username = ?", r.username());
              return SqlStore.update(
                  c,
                  "INSERT INTO autograder_account (username, display_name, site_admin, created_at) "
                      + "VALUES (?, ?, ?, ?)",
                  r.username(),
                  r.displayName(),
                  r.siteAdmin(),
                  r.at());
            });
      }
    }
  }
}
