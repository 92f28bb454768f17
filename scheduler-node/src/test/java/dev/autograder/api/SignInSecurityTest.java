package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.account.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in against someone who guesses, probes usernames or holds an old credential, on one real
 * node (H2, loopback only). Clients on different addresses are real TCP peers: 127.0.0.0/8 is all
 * loopback, and the raw requests below bind their own source address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInSecurityTest {
  private static final String PASSWORD = "correct horse battery";
  private static final String SCRAPE_TOKEN = "scrape-token-for-tests";
  private static final Duration TOKEN_TTL = Duration.ofSeconds(8);

  // A real cost for the hash (about tens of ms here), so that skipping it would show in the
  // timing.
  @RegisterExtension
  static final NodeUnderTest node =
      NodeUnderTest.bare(
          Map.of(
              "autograder.accounts.password-hash-iterations",
              100_000,
              "autograder.accounts.token-ttl",
              TOKEN_TTL.toMillis() + " ms",
              "autograder.http.secure-cookies",
              true,
              "autograder.http.metrics-token",
              SCRAPE_TOKEN));

  private Browser admin;

  @BeforeAll
  void start() throws Exception {
    admin = Browser.signedIn(node.base(), "admin", RunningNode.ADMIN_PASSWORD);
    for (String user : List.of("owner1", "owner2", "owner3", "owner4", "timing1", "warm1", "stu")) {
      Browser.Answer a =
          admin.post("/api/v1/accounts", Map.of("username", user, "password", PASSWORD));
      assertEquals(201, a.status(), a.toString());
    }
  }

  @Test
  void sixtyParallelWrongPasswordsCheckAtMostTheLimitAndTheOwnerStillSignsIn() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(60);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> badRefusals = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RawAnswer>> answers = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String guess = "wrong password " + i;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return signIn("127.0.0.1", "owner1", guess);
                }));
      }
      start.countDown();
      for (Future<RawAnswer> f : answers) {
        RawAnswer r = f.get();
        statuses.merge(r.status(), 1, Integer::sum);
        if (r.status() == 429
            && (!r.header("Retry-After").matches("[1-9][0-9]*")
                || !r.body().contains("\"code\":\"too_many_attempts\""))) {
          badRefusals.add(r.headers() + " " + r.body());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("60 parallel wrong passwords for one account from one address: " + statuses);
    int checked = statuses.getOrDefault(401, 0);
    assertTrue(checked >= 1 && checked <= 5, "passwords checked: " + statuses);
    assertEquals(
        60, checked + statuses.getOrDefault(429, 0), "the others are refused: " + statuses);
    assertEquals(List.of(), badRefusals, "a refusal is a 429 with Retry-After in the error shape");

    RawAnswer owner = signIn("127.0.0.2", "owner1", PASSWORD);
    assertEquals(200, owner.status(), "the owner, on an address of their own: " + owner);
    assertEquals(
        429,
        signIn("127.0.0.1", "owner1", PASSWORD).status(),
        "the guessing address stays refused");
  }

  @Test
  void anUnknownUsernameTakesAsLongAsAKnownOne() throws Exception {
    for (int i = 1; i <= 3; i++) {
      signIn("127.0.3." + i, "warm1", "wrong password");
      signIn(
          "127.0.3." + (10 + i),
          "ghost-" + UUID.randomUUID().toString().substring(0, 8),
          "wrong password");
    }
    List<Long> known = new ArrayList<>();
    List<Long> unknown = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      // Fresh addresses: each try is admitted, so both sides check a password every time.
      String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
      if (i % 2 == 0) {
        known.add(timed("127.0.1." + i, "timing1", 401));
        unknown.add(timed("127.0.2." + i, ghost, 401));
      } else {
        unknown.add(timed("127.0.2." + i, ghost, 401));
        known.add(timed("127.0.1." + i, "timing1", 401));
      }
    }
    double knownMedian = median(known) / 1e6;
    double unknownMedian = median(unknown) / 1e6;
    double ratio = unknownMedian / knownMedian;
    System.out.printf(
        "wrong-password sign-in, median of 20: known username %.1f ms, unknown %.1f ms, ratio %.2f%n",
        knownMedian, unknownMedian, ratio);
    assertTrue(ratio >= 0.5 && ratio <= 2.0, "unknown/known = " + ratio);
  }

  @Test
  void madeUpUsernamesStartNoAccountEntity() throws Exception {
    int before = node.running().entities(Account.TYPE_KEY).size();
    List<String> ghosts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 12);
      ghosts.add(ghost);
      assertEquals(401, signIn("127.0.4.1", ghost, "any password at all").status());
    }
    TreeSet<String> after = node.running().entities(Account.TYPE_KEY);
    System.out.println(
        "Account entities before 30 made-up usernames: " + before + ", after: " + after.size());
    assertTrue(Collections.disjoint(after, ghosts), "entities for made-up names: " + after);
    assertTrue(after.size() <= before, "entities: " + before + " -> " + after);
  }

  @Test
  void cookiesAndResponsesCarryTheSecuritySettings() throws Exception {
    RawAnswer signedIn = signIn("127.0.5.1", "owner2", PASSWORD);
    assertEquals(200, signedIn.status(), signedIn.toString());
    String cookie = signedIn.header("Set-Cookie");
    for (String attribute :
        List.of("ag_session=", "HttpOnly", "Secure", "SameSite=Strict", "Path=/")) {
      assertTrue(cookie.contains(attribute), attribute + " in " + cookie);
    }
    List<Map<String, List<String>>> responses = new ArrayList<>(List.of(signedIn.headers()));
    Browser anonymous = Browser.anonymous(node.base());
    for (String path : List.of("/alive", "/api/v1/no-such-thing", "/api/v1/me", "/metrics")) {
      Map<String, List<String>> headers = new TreeMap<>();
      anonymous
          .get(path)
          .raw()
          .headers()
          .map()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      responses.add(headers);
    }
    for (Map<String, List<String>> headers : responses) {
      RawAnswer r = new RawAnswer(0, headers, "");
      assertTrue(
          r.header("Content-Security-Policy").contains("default-src 'self'")
              && r.header("Content-Security-Policy").contains("frame-ancestors 'none'"),
          headers.toString());
      assertEquals("nosniff", r.header("X-Content-Type-Options"), headers.toString());
      assertEquals("DENY", r.header("X-Frame-Options"), headers.toString());
      assertEquals("no-referrer", r.header("Referrer-Policy"), headers.toString());
      assertTrue(r.header("Strict-Transport-Security").startsWith("max-age="), headers.toString());
    }
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    Browser owner = Browser.signedIn(node.base(), "owner3", PASSWORD);
    Instant issued = Instant.now();
    Browser.Answer token = owner.post("/api/v1/tokens", Map.of("name", "short-lived"));
    assertEquals(201, token.status(), token.toString());
    Instant expires = Instant.parse(token.body().path("expiresAt").asText());
    Instant created = Instant.parse(token.body().path("createdAt").asText());
    assertEquals(TOKEN_TTL, Duration.between(created, expires));
    assertTrue(
        owner.get("/api/v1/tokens").text().contains("\"expiresAt\""),
        "the list shows when tokens expire");
    Browser script = Browser.withBearer(node.base(), token.body().path("token").asText());
    assertEquals(200, script.get("/api/v1/me").status());

    Thread.sleep(
        Math.max(
            0, Duration.between(Instant.now(), issued.plus(TOKEN_TTL).plusMillis(500)).toMillis()));
    Browser.Answer late = script.get("/api/v1/me");
    assertEquals(401, late.status(), late.toString());
    assertEquals("unauthenticated", late.code());
  }

  @Test
  void changingThePasswordEndsTheOtherSessionsAndTokens() throws Exception {
    Browser here = Browser.signedIn(node.base(), "owner4", PASSWORD);
    Browser elsewhere = Browser.signedIn(node.base(), "owner4", PASSWORD);
    Browser script = Browser.withToken(node.base(), "owner4", PASSWORD);
    assertEquals(200, elsewhere.get("/api/v1/me").status());
    assertEquals(200, script.get("/api/v1/me").status());

    String changed = "a brand new passphrase";
    Browser.Answer change =
        here.put(
            "/api/v1/me/password", Map.of("currentPassword", PASSWORD, "newPassword", changed));
    assertEquals(204, change.status(), change.toString());

    assertEquals(200, here.get("/api/v1/me").status(), "the session that changed it stays");
    assertEquals(401, elsewhere.get("/api/v1/me").status(), "another session ends");
    assertEquals(401, script.get("/api/v1/me").status(), "API tokens end");
    assertEquals(
        401, signIn("127.0.6.1", "owner4", PASSWORD).status(), "the old password is wrong now");
    assertEquals(200, signIn("127.0.6.1", "owner4", changed).status());
  }

  @Test
  void metricsNeedASiteAdminOrTheScrapeToken() throws Exception {
    assertEquals(401, Browser.anonymous(node.base()).get("/metrics").status());
    assertEquals(
        401, Browser.withBearer(node.base(), "not-the-scrape-token").get("/metrics").status());
    assertEquals(403, Browser.signedIn(node.base(), "stu", PASSWORD).get("/metrics").status());
    Browser.Answer scraped = Browser.withBearer(node.base(), SCRAPE_TOKEN).get("/metrics");
    assertEquals(200, scraped.status(), scraped.toString());
    assertTrue(scraped.text().contains("autograder_queue_waiting_jobs"), scraped.text());
    assertEquals(200, admin.get("/metrics").status());
  }

  private long timed(String from, String username, int expected) throws Exception {
    long start = System.nanoTime();
    RawAnswer r = signIn(from, username, "wrong password");
    long took = System.nanoTime() - start;
    assertEquals(expected, r.status(), username + " from " + from + ": " + r);
    return took;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private RawAnswer signIn(String from, String username, String password) throws Exception {
    return RawAnswer.signIn(node.running().httpPort(), from, username, password);
  }
}
