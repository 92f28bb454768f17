package dev.autograder.account;

import dev.autograder.Answers;
import dev.autograder.port.Identity;
import dev.autograder.port.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Accounts on the sharded Account entities; sessions and tokens in the credentials table. */
public final class ClusterIdentity implements Identity {
  private final ClusterSharding sharding;
  private final CredentialsTable credentials;
  private final AccountsTable accounts;
  private final PasswordHash passwords;

  /** Password hashing is slow on purpose: it runs here, never on the default dispatcher. */
  private final Executor hashing;

  private final RegisteredUsernames registered;
  private final Duration sessionTtl;
  private final Duration tokenTtl;
  private final Duration askTimeout;

  /** Where callbacks on the entities' answers run (see {@link Answers}). */
  private final Executor callbacks;

  public ClusterIdentity(
      ClusterSharding sharding,
      CredentialsTable credentials,
      AccountsTable accounts,
      RegisteredUsernames registered,
      PasswordHash passwords,
      Executor hashing,
      Duration sessionTtl,
      Duration tokenTtl,
      Duration askTimeout,
      Executor callbacks) {
    this.sharding = sharding;
    this.credentials = credentials;
    this.accounts = accounts;
    this.registered = registered;
    this.passwords = passwords;
    this.hashing = hashing;
    this.sessionTtl = sessionTtl;
    this.tokenTtl = tokenTtl;
    this.askTimeout = askTimeout;
    this.callbacks = callbacks;
  }

  private EntityRef<Account.Command> entity(String username) {
    return sharding.entityRefFor(Account.TYPE_KEY, username);
  }

  /** The account; a name without one starts no entity (strangers may try any number of names). */
  private CompletionStage<Optional<Account.AccountRegistered>> lookup(String username) {
    if (!USERNAME.matcher(username).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return registered
        .registered(username)
        .thenCompose(
            known ->
                known
                    ? Answers.on(callbacks, entity(username).ask(Account.Get::new, askTimeout))
                        .thenApply(Account.Lookup::account)
                    : CompletableFuture.completedFuture(Optional.empty()));
  }

  private static AccountView view(Account.AccountRegistered a) {
    return new AccountView(a.username(), a.displayName(), a.siteAdmin());
  }

  @Override
  public CompletionStage<Optional<Verified>> verifyPassword(String username, String password) {
    // One slow hash whether or not the account exists: the timing must not tell.
    return lookup(username)
        .thenApplyAsync(
            found ->
                passwords.verify(
                        password, found.map(Account.AccountRegistered::passwordHash).orElse(null))
                    ? found.map(a -> new Verified(view(a), a.mustChangePassword()))
                    : Optional.empty(),
            hashing);
  }

  @Override
  public CompletionStage<Session> openSession(Verified verified) {
    String secret = PasswordHash.randomSecret();
    String csrf = PasswordHash.randomSecret();
    Instant now = Instant.now();
    return credentials
        .insert(
            secret,
            UUID.randomUUID().toString(),
            Via.SESSION,
            verified.account(),
            null,
            csrf,
            verified.mustChangePassword(),
            now,
            now.plus(sessionTtl))
        .thenApply(
            done -> new Session(verified.account(), secret, csrf, verified.mustChangePassword()));
  }

  @Override
  public CompletionStage<Optional<Caller>> bySession(String sessionToken) {
    return credentials.find(sessionToken, Via.SESSION, Instant.now(), sessionTtl);
  }

  @Override
  public CompletionStage<Optional<Caller>> byToken(String bearerToken) {
    return credentials.find(bearerToken, Via.TOKEN, Instant.now(), tokenTtl);
  }

  @Override
  public CompletionStage<Void> closeSession(String sessionId) {
    return credentials.deleteById(sessionId).thenApply(deleted -> null);
  }

  @Override
  public CompletionStage<AccountView> register(NewAccount account) {
    Identity.checkPassword(account.password());
    return CompletableFuture.supplyAsync(() -> passwords.hashChosen(account.password()), hashing)
        .thenCompose(
            hash ->
                create(
                    account.username(), account.displayName(), hash, account.siteAdmin(), false));
  }

  @Override
  public CompletionStage<GeneratedPassword> registerGenerated(
      String username, String displayName, boolean siteAdmin) {
    String secret = PasswordHash.randomSecret();
    return create(username, displayName, PasswordHash.hashGenerated(secret), siteAdmin, true)
        .thenApply(created -> new GeneratedPassword(username, secret));
  }

  @Override
  public CompletionStage<GeneratedPassword> resetPassword(
      String username, String by, String courseId) {
    String secret = PasswordHash.randomSecret();
    return lookup(username)
        .thenCompose(
            found -> {
              found.orElseThrow(() -> Refusal.notFound("account", username));
              return Answers.on(
                  callbacks,
                  entity(username)
                      .<org.apache.pekko.Done>askWithStatus(
                          replyTo ->
                              new Account.ResetPassword(
                                  PasswordHash.hashGenerated(secret),
                                  by,
                                  courseId,
                                  Instant.now(),
                                  replyTo),
                          askTimeout));
            })
        // Whoever signed in with the lost (or leaked) password is out now.
        .thenCompose(done -> credentials.deleteAllBut(username, null))
        .thenApply(ended -> new GeneratedPassword(username, secret));
  }

  private CompletionStage<AccountView> create(
      String username,
      String displayName,
      String hash,
      boolean siteAdmin,
      boolean mustChangePassword) {
    return Answers.on(
            callbacks,
            entity(username)
                .<Account.AccountRegistered>askWithStatus(
                    replyTo ->
                        new Account.Register(
                            displayName,
                            hash,
                            siteAdmin,
                            mustChangePassword,
                            Instant.now(),
                            replyTo),
                    askTimeout))
        .exceptionally(
            Refusal.whenEntitySays(
                Account.EXISTS,
                () -> Refusal.conflict("account_exists", "the username " + username + " is taken")))
        .thenApply(ClusterIdentity::view);
  }

  @Override
  public CompletionStage<Optional<AccountView>> account(String username) {
    return lookup(username).thenApply(found -> found.map(ClusterIdentity::view));
  }

  @Override
  public CompletionStage<List<AccountView>> accounts() {
    return accounts.all();
  }

  @Override
  public CompletionStage<Void> changePassword(
      String username, PasswordChange change, String keepCredentialId) {
    if (change.currentPassword() == null) {
      throw Refusal.invalid("invalid_password", "currentPassword is required");
    }
    Identity.checkPassword(change.newPassword());
    return verifyPassword(username, change.currentPassword())
        .thenApplyAsync(
            found -> {
              if (found.isEmpty()) {
                throw Refusal.of(
                    Refusal.Kind.FORBIDDEN, "wrong_password", "the current password is wrong");
              }
              return passwords.hashChosen(change.newPassword());
            },
            hashing)
        .thenCompose(
            hash ->
                Answers.on(
                    callbacks,
                    entity(username)
                        .<org.apache.pekko.Done>askWithStatus(
                            replyTo -> new Account.ChangePassword(hash, Instant.now(), replyTo),
                            askTimeout)))
        // Whoever knew the old password (and signed in with it) is out now.
        .thenCompose(done -> credentials.deleteAllBut(username, keepCredentialId))
        .thenCompose(ended -> credentials.passwordChosen(username));
  }

  @Override
  public CompletionStage<IssuedToken> issueToken(String username, String name) {
    return lookup(username)
        .thenCompose(
            found -> {
              AccountView account =
                  view(found.orElseThrow(() -> Refusal.notFound("account", username)));
              String secret = "agt_" + PasswordHash.randomSecret();
              String id = UUID.randomUUID().toString();
              Instant now = Instant.now();
              Instant expires = now.plus(tokenTtl);
              return credentials
                  .insert(secret, id, Via.TOKEN, account, name, null, false, now, expires)
                  .thenApply(done -> new IssuedToken(id, name, now, expires, secret));
            });
  }

  @Override
  public CompletionStage<List<TokenInfo>> tokens(String username) {
    return credentials.tokens(username);
  }

  @Override
  public CompletionStage<Boolean> revokeToken(String username, String tokenId) {
    return credentials.delete(username, tokenId);
  }

  /**
   * The first start of an empty installation creates the site admin, so that someone can sign in at
   * all; later starts change nothing.
   */
  public CompletionStage<Boolean> bootstrapAdmin(String username, String password) {
    return lookup(username)
        .thenCompose(
            found ->
                found.isPresent()
                    ? CompletableFuture.completedFuture(false)
                    : register(new NewAccount(username, "Site admin", password, true).validated())
                        .thenApply(created -> true));
  }
}
