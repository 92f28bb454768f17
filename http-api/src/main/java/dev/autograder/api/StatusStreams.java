package dev.autograder.api;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status streams open on this API node, per user: a user gets at most {@code perUser} at once,
 * so that one browser with many tabs (or a script) cannot hold the node's connections. A stream
 * whose client went away is noticed when the next heartbeat cannot be written, and its place
 * given back then.
 */
final class StatusStreams {
  private final int perUser;
  private final Duration heartbeat;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  StatusStreams(int perUser, Duration heartbeat) {
    if (perUser < 1) {
      throw new IllegalArgumentException("autograder.http.status-streams.per-user must be at least 1, not " + perUser);
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("autograder.http.status-streams.heartbeat must be positive, not " + heartbeat);
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

  /** Takes one of the user's places; false when they have every place already. */
  boolean open(String user) {
    boolean[] taken = {false};
    open.compute(user, (u, count) -> {
      int now = count == null ? 0 : count;
      if (now >= perUser) {
        return count;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  /** Gives back a place taken by {@link #open}. */
  void close(String user) {
    open.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
  }
}
