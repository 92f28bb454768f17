package dev.autograder.account;

import dev.autograder.ContentHash;
import dev.autograder.port.Identity.AccountView;
import dev.autograder.port.Identity.Caller;
import dev.autograder.port.Identity.TokenInfo;
import dev.autograder.port.Identity.Via;
import dev.autograder.storage.SqlStore;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Sessions and API tokens, by the SHA-256 of the secret: a stolen database gives no usable
 * credential. Not event-sourced on purpose: credentials are not history, and sign-out or revocation
 * must delete them at once on every API node.
 */
public final class CredentialsTable {
  private final SqlStore sql;

  public CredentialsTable(SqlStore sql) {
    this.sql = sql;
  }

  public void createTableIfMissing() throws SQLException {
    sql.define(
        "CREATE TABLE IF NOT EXISTS autograder_credential (secret_hash CHAR(64) PRIMARY KEY, "
            + "credential_id VARCHAR(40) NOT NULL UNIQUE, kind VARCHAR(10) NOT NULL, username VARCHAR(64) NOT NULL, "
            + "display_name VARCHAR(200) NOT NULL, site_admin BOOLEAN NOT NULL, name VARCHAR(100), "
            + "csrf_token VARCHAR(64), created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP)",
        "CREATE INDEX IF NOT EXISTS autograder_credential_user ON autograder_credential (username, kind)",
        // Added later: a session of an account whose password was generated may only change it.
        "ALTER TABLE autograder_credential ADD COLUMN IF NOT EXISTS must_change_password BOOLEAN DEFAULT FALSE NOT NULL");
  }

  static String hash(String secret) {
    return ContentHash.sha256(secret.getBytes(StandardCharsets.UTF_8));
  }

  public CompletionStage<Void> insert(
      String secret,
      String credentialId,
      Via kind,
      AccountView account,
      String name,
      String csrfToken,
      boolean mustChangePassword,
      Instant at,
      Instant expiresAt) {
    return sql.transaction(
        c -> {
          SqlStore.update(
              c,
              "INSERT INTO autograder_credential (secret_hash, credential_id, kind, username, display_name, "
                  + "site_admin, name, csrf_token, must_change_password, created_at, expires_at) "
                  + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              hash(secret),
              credentialId,
              kind.name(),
              account.username(),
              account.displayName(),
              account.siteAdmin(),
              name,
              csrfToken,
              mustChangePassword,
              at,
              expiresAt);
          return null;
        });
  }

  /**
   * The caller the secret stands for, unless it expired: at its own {@code expires_at}, or when it
   * is older than {@code lifetime} (so that a shorter lifetime in the configuration also ends
   * credentials issued under a longer one, and tokens issued before tokens expired).
   */
  public CompletionStage<Optional<Caller>> find(
      String secret, Via kind, Instant now, Duration lifetime) {
    return sql.query(
            "SELECT credential_id, username, display_name, site_admin, csrf_token, must_change_password, "
                + "created_at, expires_at "
                + "FROM autograder_credential WHERE secret_hash = ? AND kind = ?",
            r -> {
              Instant expires = SqlStore.instant(r, "expires_at");
              if ((expires != null && !expires.isAfter(now))
                  || !SqlStore.instant(r, "created_at").plus(lifetime).isAfter(now)) {
                return null;
              }
              return new Caller(
                  new AccountView(
                      r.getString("username"),
                      r.getString("display_name"),
                      r.getBoolean("site_admin")),
                  kind,
                  r.getString("credential_id"),
                  r.getString("csrf_token"),
                  r.getBoolean("must_change_password"));
            },
            hash(secret),
            kind.name())
        .thenApply(rows -> rows.stream().filter(java.util.Objects::nonNull).findFirst());
  }

  public CompletionStage<Boolean> delete(String username, String credentialId) {
    return sql.transaction(
        c ->
            SqlStore.update(
                    c,
                    "DELETE FROM autograder_credential WHERE username = ? AND credential_id = ?",
                    username,
                    credentialId)
                > 0);
  }

  /**
   * Ends every session and token of the account but the one given (null: all of them); how many
   * ended.
   */
  public CompletionStage<Integer> deleteAllBut(String username, String keepCredentialId) {
    return sql.transaction(
        c ->
            SqlStore.update(
                c,
                "DELETE FROM autograder_credential WHERE username = ? AND credential_id <> ?",
                username,
                keepCredentialId == null ? "" : keepCredentialId));
  }

  /** The owner chose a password: the credentials they kept may do everything now. */
  public CompletionStage<Void> passwordChosen(String username) {
    return sql.transaction(
        c -> {
          SqlStore.update(
              c,
              "UPDATE autograder_credential SET must_change_password = FALSE WHERE username = ?",
              username);
          return null;
        });
  }

  public CompletionStage<Boolean> deleteById(String credentialId) {
    return sql.transaction(
        c ->
            SqlStore.update(
                    c, "DELETE FROM autograder_credential WHERE credential_id = ?", credentialId)
                > 0);
  }

  public CompletionStage<List<TokenInfo>> tokens(String username) {
    return sql.query(
        "SELECT credential_id, name, created_at, expires_at FROM autograder_credential WHERE username = ? "
            + "AND kind = 'TOKEN' ORDER BY created_at",
        r ->
            new TokenInfo(
                r.getString("credential_id"),
                r.getString("name"),
                SqlStore.instant(r, "created_at"),
                SqlStore.instant(r, "expires_at")),
        username);
  }

  /**
   * Sessions and tokens past their time go (tokens issued before tokens expired stay until revoked
   * or refused by age).
   */
  public CompletionStage<Integer> deleteExpired(Instant now) {
    return sql.transaction(
        c ->
            SqlStore.update(
                c,
                "DELETE FROM autograder_credential WHERE expires_at IS NOT NULL AND expires_at < ?",
                now));
  }
}
