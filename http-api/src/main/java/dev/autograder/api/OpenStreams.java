package dev.autograder.api;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The status streams open on this API node, per user: a user gets at most {@code perUser} at once,
 * so that one browser with many tabs (or a script) cannot hold the node's connections.
 */
final class OpenStreams {
  private final int perUser;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  OpenStreams(int perUser) {
    if (perUser < 1) {
      throw new IllegalArgumentException("autograder.http.status-streams.per-user must be at least 1, not " + perUser);
    }
    this.perUser = perUser;
  }

  int perUser() {
    return perUser;
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
