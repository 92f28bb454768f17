package dev.autograder.account;

import static dev.autograder.storage.ReadSideHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograder.port.Identity.AccountView;
import dev.autograder.storage.ReadSideHarness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accounts read table, projected from the Account entity's events on the real journal (H2 and
 * PostgreSQL): each registered account is listed once, by username, with its display name and
 * whether it is a site admin; a password change leaves the row as it is.
 */
class AccountsProjectionTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void registeredAccountsAreListedWithTheirNames(String kind) throws Exception {
    try (ReadSideHarness readSide = ReadSideHarness.start(kind, "accounts")) {
      AccountsTable table = new AccountsTable(readSide.sql());
      table.createTableIfMissing();
      readSide.project(Account.TAG, AccountsTable.Projection::new);
      for (var account :
          List.of(
              new AccountView("grace", "Grace Hopper", false),
              new AccountView("admin", "Site admin", true),
              new AccountView("ada", "Ada Lovelace", false))) {
        var entity = readSide.entity(Account.create(account.username()), account.username());
        readSide.<Account.AccountRegistered, Account.Command>ask(
            entity,
            r ->
                new Account.Register(
                    account.displayName(), "hash", account.siteAdmin(), false, AT, r));
        if (account.username().equals("ada")) {
          readSide.<Done, Account.Command>ask(
              entity, r -> new Account.ChangePassword("new-hash", AT.plusSeconds(1), r));
        }
      }
      assertEquals(
          List.of(
              new AccountView("ada", "Ada Lovelace", false),
              new AccountView("admin", "Site admin", true),
              new AccountView("grace", "Grace Hopper", false)),
          eventually(() -> table.all().toCompletableFuture().get(), l -> l.size() == 3),
          "by username, once each");
      assertEquals(
          Map.of("ada", "Ada Lovelace", "grace", "Grace Hopper"),
          table.displayNames(List.of("ada", "grace", "nobody")).toCompletableFuture().get());
    }
  }
}
