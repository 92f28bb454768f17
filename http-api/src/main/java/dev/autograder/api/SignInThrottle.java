package dev.autograder.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@code freeFailures} failed sign-ins of one username, each further
 * attempt must wait twice as long as the one before (1 s, 2 s, 4 s ... at most {@code maxDelay}),
 * whoever makes it. A success clears the count; so does a quiet {@code forgetAfter}. Kept per API
 * node, in memory: a guesser spread over N nodes gets N times the attempts, still exponentially few.
 */
public final class SignInThrottle {
  /** Guessing many usernames must not grow the map without bound. */
  private static final int MAX_TRACKED = 100_000;

  private record Failures(int count, Instant last) {}

  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
  private final int freeFailures;
  private final Duration maxDelay;
  private final Duration forgetAfter;
  private final Clock clock;

  public SignInThrottle(int freeFailures, Duration maxDelay, Duration forgetAfter, Clock clock) {
    this.freeFailures = freeFailures;
    this.maxDelay = maxDelay;
    this.forgetAfter = forgetAfter;
    this.clock = clock;
  }

  /** Seconds to wait before the next attempt for this username; 0 when it may try now. */
  public long waitSeconds(String username) {
    Failures f = failures.get(username);
    Instant now = clock.instant();
    if (f == null || f.count() < freeFailures || f.last().plus(forgetAfter).isBefore(now)) {
      return 0;
    }
    long delay = Math.min(maxDelay.toSeconds(), 1L << Math.min(30, f.count() - freeFailures));
    long left = Duration.between(now, f.last().plusSeconds(delay)).toMillis();
    return left <= 0 ? 0 : (left + 999) / 1000;
  }

  public void failed(String username) {
    Instant now = clock.instant();
    if (failures.size() > MAX_TRACKED) {
      failures.values().removeIf(f -> f.last().plus(forgetAfter).isBefore(now));
    }
    failures.merge(username, new Failures(1, now), (old, one) ->
        old.last().plus(forgetAfter).isBefore(now) ? one : new Failures(old.count() + 1, now));
  }

  public void succeeded(String username) {
    failures.remove(username);
  }
}
