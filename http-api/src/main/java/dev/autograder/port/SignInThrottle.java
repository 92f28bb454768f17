package dev.autograder.port;

import com.typesafe.config.Config;
import dev.autograder.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Limits password guessing without letting a stranger lock the owner out. Sign-in attempts are
 * counted per (username, client address) and per username, within a sliding {@code window}:
 *
 * <ul>
 *   <li>a client gets at most {@code perClient} wrong passwords for one username per window;
 *   <li>all clients together get at most {@code perAccount} for one username per window, but this
 *       budget does not stop a client that has not failed for that username in the window and has
 *       no attempt in flight: the owner, on a client of their own, can still sign in while someone
 *       else guesses.
 * </ul>
 *
 * An attempt is counted when it is admitted, before its password is checked, and the check and the
 * count happen under one lock: parallel requests cannot all pass the check and then fail together.
 * Unknown usernames are counted exactly as known ones (the throttle must not tell them apart).
 * Memory is bounded: entries without failures in the window and without attempts in flight are
 * dropped, and when {@code maxTracked} usernames are still tracked, attempts for further usernames
 * are refused until some expire.
 *
 * <p>An admitted attempt holds its place in flight for at most {@code lease}: when its report never
 * comes (the reply or the report was lost between nodes), the place is given back as if abandoned,
 * so that the account does not stay locked; a failure reported later still counts (while the
 * username is tracked).
 *
 * <p>This is the state only, in memory. {@link SignInGuard} makes it hold across the API nodes: on
 * the cluster, each username's throttle lives in one place, so a guesser spread over several API
 * nodes gets no more attempts than on one.
 */
public final class SignInThrottle {

  /**
   * Whether an attempt may check its password now; crosses the cluster when the throttle is
   * sharded.
   */
  public sealed interface Admission extends CborSerializable {}

  /**
   * Admitted: report how it went with {@link #failed}, {@link #succeeded} or {@link #abandoned},
   * once. {@code id} names the attempt's lease.
   */
  public record Admitted(String username, String client, long id) implements Admission {}

  /**
   * Refused: the attempt must not check its password; try again after {@code retryAfterSeconds}.
   */
  public record Refused(long retryAfterSeconds, String reason) implements Admission {}

  /** Failures in the window and attempts in flight, for a username or one client of it. */
  private static final class Counts {
    final ArrayDeque<Instant> failures = new ArrayDeque<>();
    int inFlight;

    void forget(Instant before) {
      while (!failures.isEmpty() && !failures.peekFirst().isAfter(before)) {
        failures.pollFirst();
      }
    }

    boolean idle() {
      return failures.isEmpty() && inFlight == 0;
    }

    int used() {
      return failures.size() + inFlight;
    }
  }

  private static final class Username {
    final Counts all = new Counts();
    final Map<String, Counts> clients = new HashMap<>();
  }

  /** Beyond this many addresses for one username, new addresses count as having failed. */
  static final int MAX_CLIENTS_PER_USERNAME = 1024;

  private static final String OTHER_CLIENTS = "(other addresses)";

  /** An attempt in flight, until its report or its deadline. */
  private record Lease(String username, String client, Instant deadline) {}

  private final Map<String, Username> tracked = new HashMap<>();

  /** In order of admission, hence of deadline (the lease is the same for all). */
  private final LinkedHashMap<Long, Lease> leases = new LinkedHashMap<>();

  /**
   * Random start: a throttle that replaces a lost one (a bucket moved to another node) must not
   * take a late report for one of its own attempts.
   */
  private long nextId = ThreadLocalRandom.current().nextLong();

  private Instant lastSweep;
  private final int perClient;
  private final int perAccount;
  private final Duration window;
  private final int maxTracked;
  private final Duration lease;
  private final Clock clock;

  public SignInThrottle(
      int perClient, int perAccount, Duration window, int maxTracked, Duration lease, Clock clock) {
    if (perClient < 1
        || perAccount < perClient
        || window.isNegative()
        || window.isZero()
        || maxTracked < 1
        || lease.isNegative()
        || lease.isZero()) {
      throw new IllegalArgumentException(
          "sign-in limits must be positive, with per-account >= per-client");
    }
    this.perClient = perClient;
    this.perAccount = perAccount;
    this.window = window;
    this.maxTracked = maxTracked;
    this.lease = lease;
    this.clock = clock;
    this.lastSweep = clock.instant();
  }

  /**
   * From {@code autograder.http.sign-in}, for one of {@code shares} throttles that split the
   * usernames between them (each tracks its share of {@code max-tracked}).
   */
  public static SignInThrottle fromConfig(Config config, int shares, Clock clock) {
    Config signIn = config.getConfig("autograder.http.sign-in");
    return new SignInThrottle(
        signIn.getInt("per-client"),
        signIn.getInt("per-account"),
        signIn.getDuration("window"),
        Math.max(1, (signIn.getInt("max-tracked") + shares - 1) / shares),
        signIn.getDuration("attempt-lease"),
        clock);
  }

  /** Admits the attempt and counts it as in flight, or refuses it. */
  public synchronized Admission admit(String username, String client) {
    Instant now = clock.instant();
    Instant horizon = now.minus(window);
    expireLeases(now);
    if (lastSweep.isBefore(horizon)) {
      sweep(horizon);
      lastSweep = now;
    }
    Username u = tracked.get(username);
    if (u == null) {
      if (tracked.size() >= maxTracked) {
        sweep(horizon);
        if (tracked.size() >= maxTracked) {
          return new Refused(
              window.toSeconds(), "too many sign-in attempts on this server; try again later");
        }
      }
      u = new Username();
      tracked.put(username, u);
    }
    u.all.forget(horizon);
    String key = client;
    if (!u.clients.containsKey(key) && u.clients.size() >= MAX_CLIENTS_PER_USERNAME) {
      forgetIdle(u, horizon);
      if (u.clients.size() >= MAX_CLIENTS_PER_USERNAME) {
        key = OTHER_CLIENTS;
      }
    }
    Counts c = u.clients.computeIfAbsent(key, k -> new Counts());
    c.forget(horizon);
    if (c.used() >= perClient) {
      return new Refused(
          retryAfter(c, now), "too many failed sign-ins for this account from this address");
    }
    boolean clean = c.idle() && !key.equals(OTHER_CLIENTS);
    if (!clean && u.all.used() >= perAccount) {
      return new Refused(retryAfter(u.all, now), "too many failed sign-ins for this account");
    }
    c.inFlight++;
    u.all.inFlight++;
    long id = nextId++;
    leases.put(id, new Lease(username, key, now.plus(lease)));
    return new Admitted(username, key, id);
  }

  /** The password was wrong (or the username unknown): the attempt stays counted for the window. */
  public synchronized void failed(Admitted attempt) {
    Instant now = clock.instant();
    boolean inFlight = leases.remove(attempt.id()) != null;
    Username u = tracked.get(attempt.username());
    if (u == null) {
      return;
    }
    Counts c = u.clients.computeIfAbsent(attempt.client(), k -> new Counts());
    if (inFlight) {
      c.inFlight = Math.max(0, c.inFlight - 1);
      u.all.inFlight = Math.max(0, u.all.inFlight - 1);
    }
    c.failures.addLast(now);
    u.all.failures.addLast(now);
  }

  /** The password was right: the client's own failures for this username are forgiven. */
  public synchronized void succeeded(Admitted attempt) {
    release(attempt.username(), attempt.client(), leases.remove(attempt.id()) != null, true);
  }

  /** The password could not be checked (the cluster did not answer): the attempt is not counted. */
  public synchronized void abandoned(Admitted attempt) {
    release(attempt.username(), attempt.client(), leases.remove(attempt.id()) != null, false);
  }

  /**
   * Ends an attempt that counts no failure, giving back its place if it still holds one; with
   * {@code forgive}, the client's failures go too.
   */
  private void release(String username, String client, boolean inFlight, boolean forgive) {
    Username u = tracked.get(username);
    if (u == null) {
      return;
    }
    if (inFlight) {
      u.all.inFlight = Math.max(0, u.all.inFlight - 1);
    }
    Counts c = u.clients.get(client);
    if (c != null) {
      if (inFlight) {
        c.inFlight = Math.max(0, c.inFlight - 1);
      }
      if (forgive) {
        c.failures.clear();
        if (c.idle()) {
          u.clients.remove(client);
        }
      }
    }
    if (forgive && u.clients.isEmpty() && u.all.idle()) {
      tracked.remove(username);
    }
  }

  /** Attempts whose report is overdue give back their place, as if abandoned. */
  private void expireLeases(Instant now) {
    for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
      Lease overdue = it.next();
      if (overdue.deadline().isAfter(now)) {
        return;
      }
      it.remove();
      release(overdue.username(), overdue.client(), true, false);
    }
  }

  /** How many usernames are tracked now: bounded by {@code maxTracked}. */
  public synchronized int tracked() {
    return tracked.size();
  }

  /** Seconds until the oldest counted failure leaves the window (at least 1). */
  private long retryAfter(Counts counts, Instant now) {
    Instant oldest = counts.failures.peekFirst();
    if (oldest == null) {
      return 1;
    }
    long millis = Duration.between(now, oldest.plus(window)).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  private void sweep(Instant horizon) {
    tracked
        .values()
        .removeIf(
            u -> {
              forgetIdle(u, horizon);
              return u.clients.isEmpty() && u.all.idle();
            });
  }

  private static void forgetIdle(Username u, Instant horizon) {
    u.all.forget(horizon);
    u.clients
        .values()
        .removeIf(
            c -> {
              c.forget(horizon);
              return c.idle();
            });
  }
}
