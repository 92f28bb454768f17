package dev.autograder.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The status streams open on this API node, per user: a user gets at most {@code perUser} at once,
 * so that one browser with many tabs (or a script) cannot hold the node's connections. A stream
 * whose client went away is noticed when the next heartbeat cannot be written, and its place given
 * back then.
 */
final class StatusStreams {
  /** A response is sent within this long of its route, or its client is gone. */
  private static final Duration STARTS_WITHIN = Duration.ofSeconds(30);

  private final int perUser;
  private final Duration heartbeat;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  StatusStreams(int perUser, Duration heartbeat) {
    if (perUser < 1) {
      throw new IllegalArgumentException(
          "autograder.http.status-streams.per-user must be at least 1, not " + perUser);
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException(
          "autograder.http.status-streams.heartbeat must be positive, not " + heartbeat);
    }
    this.perUser = perUser;
    this.heartbeat = heartbeat;
  }

  int perUser() {
    return perUser;
  }

  Duration heartbeat() {
    return heartbeat;
  }

  /**
   * Takes one of the user's places; empty when they have every place already. A place whose stream
   * has not started within {@link #STARTS_WITHIN} (the response was never sent: the client left
   * first) is given back then.
   */
  Optional<Place> open(String user) {
    boolean[] taken = {false};
    open.compute(
        user,
        (u, count) -> {
          int now = count == null ? 0 : count;
          if (now >= perUser) {
            return count;
          }
          taken[0] = true;
          return now + 1;
        });
    if (!taken[0]) {
      return Optional.empty();
    }
    Place place = new Place(user);
    CompletableFuture.runAsync(
        place::releaseUnlessStarted,
        CompletableFuture.delayedExecutor(STARTS_WITHIN.toMillis(), TimeUnit.MILLISECONDS));
    return Optional.of(place);
  }

  /** One stream's place: given back once, when the stream ends. */
  final class Place {
    private final String user;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean started;

    private Place(String user) {
      this.user = user;
    }

    /** The stream runs: from now on it gives the place back when it ends. */
    void started() {
      started = true;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        open.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
      }
    }

    private void releaseUnlessStarted() {
      if (!started) {
        release();
      }
    }
  }
}
