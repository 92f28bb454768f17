package dev.autograder.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Accounts and the credentials that stand for them: browser sessions (cookie + CSRF token) and
 * personal API tokens, both with a lifetime. Only hashes of credentials are stored.
 */
public interface Identity {
  Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  record AccountView(String username, String displayName, boolean siteAdmin) {}

  enum Via {
    SESSION,
    TOKEN
  }

  /**
   * Who is calling.
   *
   * @param credentialId the session's or token's id
   * @param csrfToken the session's CSRF token; null for a bearer token
   * @param mustChangePassword the password was generated: nothing but changing it is allowed yet
   */
  record Caller(
      AccountView account,
      Via via,
      String credentialId,
      String csrfToken,
      boolean mustChangePassword) {
    public String username() {
      return account.username();
    }

    public boolean siteAdmin() {
      return account.siteAdmin();
    }
  }

  /**
   * An account whose password was right, and whether that password was one the platform generated.
   */
  record Verified(AccountView account, boolean mustChangePassword) {}

  /** A new browser session; {@code token} goes into the cookie and is never shown again. */
  record Session(AccountView account, String token, String csrfToken, boolean mustChangePassword) {}

  /**
   * A password the platform generated, shown this once; its owner must change it at first sign-in.
   */
  record GeneratedPassword(String username, String initialPassword) {}

  /** Without a password the platform generates one (and its owner must change it). */
  record NewAccount(String username, String displayName, String password, Boolean siteAdmin) {
    public NewAccount validated() {
      if (username == null || !USERNAME.matcher(username).matches()) {
        throw Refusal.invalid(
            "invalid_username", "username must be 1 to 64 of a-z, 0-9, '.', '_' and '-'");
      }
      if (displayName != null && displayName.length() > 200) {
        throw Refusal.invalid("invalid_display_name", "displayName is limited to 200 characters");
      }
      if (password != null) {
        checkPassword(password);
      }
      return new NewAccount(
          username,
          displayName == null || displayName.isBlank() ? username : displayName.strip(),
          password,
          Boolean.TRUE.equals(siteAdmin));
    }
  }

  record PasswordChange(String currentPassword, String newPassword) {}

  record TokenRequest(String name) {}

  /** An API token as its owner lists it; after {@code expiresAt} it is refused (401). */
  record TokenInfo(String id, String name, Instant createdAt, Instant expiresAt) {}

  /** A new API token; {@code token} is shown this once. */
  record IssuedToken(String id, String name, Instant createdAt, Instant expiresAt, String token) {}

  static void checkPassword(String password) {
    if (password == null || password.length() < 10 || password.length() > 200) {
      throw Refusal.invalid("invalid_password", "a password has 10 to 200 characters");
    }
  }

  /** The account when the password is right; empty when the account or the password is wrong. */
  CompletionStage<Optional<Verified>> verifyPassword(String username, String password);

  CompletionStage<Session> openSession(Verified account);

  CompletionStage<Optional<Caller>> bySession(String sessionToken);

  CompletionStage<Optional<Caller>> byToken(String bearerToken);

  CompletionStage<Void> closeSession(String sessionId);

  /** Fails with 409 when the username is taken. */
  CompletionStage<AccountView> register(NewAccount account);

  /**
   * Registers the account with a generated password, which the answer shows once; 409 when taken.
   */
  CompletionStage<GeneratedPassword> registerGenerated(
      String username, String displayName, boolean siteAdmin);

  /**
   * Sets a generated password that must be changed at the next sign-in and ends every session and
   * token of the account; 404 when there is no such account.
   *
   * @param courseId the course whose staff reset it, for its audit log; null for a site admin's
   *     reset
   */
  CompletionStage<GeneratedPassword> resetPassword(String username, String by, String courseId);

  CompletionStage<Optional<AccountView>> account(String username);

  CompletionStage<List<AccountView>> accounts();

  /**
   * Fails with 403 when the current password is wrong. On success every other session and every API
   * token of the account ends; {@code keepCredentialId} (the caller's own session or token) stays.
   */
  CompletionStage<Void> changePassword(
      String username, PasswordChange change, String keepCredentialId);

  CompletionStage<IssuedToken> issueToken(String username, String name);

  CompletionStage<List<TokenInfo>> tokens(String username);

  /** False when the account has no such token. */
  CompletionStage<Boolean> revokeToken(String username, String tokenId);
}
