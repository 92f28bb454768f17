package dev.autograder.account;

import com.typesafe.config.Config;
import dev.autograder.storage.SqlStore;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Whether a username has an account, read from the event journal itself: the read side lags behind
 * a registration, and asking the Account entity would start one (memory, a recovery) for every name
 * a stranger makes up. One indexed query on the journal's primary key, for known and unknown names
 * alike.
 */
public final class RegisteredUsernames {
  private final SqlStore sql;
  private final String query;

  /**
   * {@code journal} is the {@code jdbc-journal.tables.event_journal} section of the configuration.
   */
  public RegisteredUsernames(SqlStore sql, Config journal) {
    this.sql = sql;
    String schema = journal.getString("schemaName");
    String table = (schema.isEmpty() ? "" : schema + ".") + journal.getString("tableName");
    this.query =
        "SELECT 1 FROM "
            + table
            + " WHERE "
            + journal.getString("columnNames.persistenceId")
            + " = ? AND "
            + journal.getString("columnNames.sequenceNumber")
            + " = 1";
  }

  public CompletionStage<Boolean> registered(String username) {
    return sql.query(query, r -> true, PersistenceId.of(Account.TYPE_KEY.name(), username).id())
        .thenApply(rows -> !rows.isEmpty());
  }
}
