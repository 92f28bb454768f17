package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.account.SignInBucket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two scheduler nodes in one cluster on one PostgreSQL database, loopback only: the sign-in limits
 * hold for the cluster, however a guesser spreads attempts over the nodes' APIs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInAcrossNodesTest {
  private static final String PASSWORD = "correct horse battery";
  private static final int PER_CLIENT = 5;
  private static final int PER_ACCOUNT = 20;
  private static final int BUCKETS = 16;
  private static final int GUESSING_ADDRESSES = 6;
  private static final int GUESSES_PER_ADDRESS = 10;

  private RunningNode first;
  private RunningNode second;

  @BeforeAll
  void start() throws Exception {
    first =
        RunningNode.start(
            "postgres",
            Map.of(
                "autograder.http.sign-in.per-client",
                PER_CLIENT,
                "autograder.http.sign-in.per-account",
                PER_ACCOUNT,
                "autograder.accounts.sign-in.buckets",
                BUCKETS));
    second = RunningNode.joining(first);
    first.awaitMembersUp(2);
    second.awaitMembersUp(2);
    Browser admin = Browser.signedIn(first.base(), "admin", RunningNode.ADMIN_PASSWORD);
    Browser.Answer created =
        admin.post("/api/v1/accounts", Map.of("username", "owner", "password", PASSWORD));
    assertEquals(201, created.status(), created.toString());
  }

  @AfterAll
  void stop() throws Exception {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void guessesSpreadOverBothNodesCheckAtMostTheAccountLimitAndTheOwnerStillSignsIn()
      throws Exception {
    List<RunningNode> nodes = List.of(first, second);
    // Each guessing address fails once first, on alternate nodes: an address that has not failed
    // may try past the account's budget (the owner's own machine), and these are not the owner's.
    for (int a = 1; a <= GUESSING_ADDRESSES; a++) {
      RawAnswer warmUp =
          RawAnswer.signIn(nodes.get(a % 2).httpPort(), "127.0.8." + a, "owner", "wrong guess");
      assertEquals(401, warmUp.status(), "first guess from 127.0.8." + a + ": " + warmUp);
    }
    int attempts = GUESSING_ADDRESSES * GUESSES_PER_ADDRESS;
    Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    List<String> badRefusals = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Map<Future<RawAnswer>, String> answers = new java.util.LinkedHashMap<>();
      for (int i = 0; i < attempts; i++) {
        String from = "127.0.8." + (1 + i % GUESSING_ADDRESSES);
        int node = (i / GUESSING_ADDRESSES) % 2;
        String guess = "wrong guess " + i;
        answers.put(
            pool.submit(
                () -> {
                  start.await();
                  return RawAnswer.signIn(nodes.get(node).httpPort(), from, "owner", guess);
                }),
            "node " + (node + 1));
      }
      start.countDown();
      for (var answer : answers.entrySet()) {
        RawAnswer r = answer.getKey().get();
        statuses
            .computeIfAbsent(answer.getValue(), k -> new TreeMap<>())
            .merge(r.status(), 1, Integer::sum);
        if (r.status() != 401
            && !(r.status() == 429 && r.header("Retry-After").matches("[1-9][0-9]*"))) {
          badRefusals.add(
              answer.getValue() + ": " + r.status() + " " + r.headers() + " " + r.body());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    int checked =
        GUESSING_ADDRESSES + statuses.values().stream().mapToInt(s -> s.getOrDefault(401, 0)).sum();
    System.out.printf(
        "%d first guesses, then %d parallel wrong passwords from %d addresses over two nodes: %s;"
            + " passwords checked in all: %d (limit per account %d); sign-in buckets on node 1: %s, on node 2: %s%n",
        GUESSING_ADDRESSES,
        attempts,
        GUESSING_ADDRESSES,
        statuses,
        checked,
        PER_ACCOUNT,
        first.entities(SignInBucket.TYPE_KEY),
        second.entities(SignInBucket.TYPE_KEY));
    assertEquals(
        List.of(),
        badRefusals,
        "every answer is a wrong password (401) or a refusal (429 with Retry-After)");
    assertTrue(
        checked <= PER_ACCOUNT,
        "a throttle per node would check up to twice the limit: " + checked);
    assertEquals(PER_ACCOUNT, checked, "the budget is used up, not more and not less: " + statuses);

    for (RunningNode node : nodes) {
      RawAnswer guesser = RawAnswer.signIn(node.httpPort(), "127.0.8.1", "owner", PASSWORD);
      assertEquals(
          429,
          guesser.status(),
          "a guessing address, even with the right password, at " + node.base());
    }
    RawAnswer owner = RawAnswer.signIn(second.httpPort(), "127.0.9.1", "owner", PASSWORD);
    assertEquals(200, owner.status(), "the owner, on an address of their own, on node 2: " + owner);
    owner = RawAnswer.signIn(first.httpPort(), "127.0.9.2", "owner", PASSWORD);
    assertEquals(
        200, owner.status(), "the owner, on another address of their own, on node 1: " + owner);
  }

  @Test
  void madeUpUsernamesStartNoMoreEntitiesThanThereAreBuckets() throws Exception {
    List<RunningNode> nodes = List.of(first, second);
    for (int i = 0; i < 4 * BUCKETS; i++) {
      String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 12);
      RawAnswer r =
          RawAnswer.signIn(nodes.get(i % 2).httpPort(), "127.0.10.1", ghost, "any password at all");
      assertEquals(401, r.status(), ghost + ": " + r);
    }
    TreeSet<String> onFirst = first.entities(SignInBucket.TYPE_KEY);
    TreeSet<String> onSecond = second.entities(SignInBucket.TYPE_KEY);
    System.out.println(
        "sign-in buckets after "
            + 4 * BUCKETS
            + " made-up usernames: node 1 "
            + onFirst
            + ", node 2 "
            + onSecond);
    assertTrue(Collections.disjoint(onFirst, onSecond), "a bucket lives on one node only");
    assertTrue(onFirst.size() + onSecond.size() <= BUCKETS, "at most one entity per bucket");
  }
}
