package dev.autograder.scheduler;

import java.util.Set;

/**
 * The runner nodes judged unhealthy now, by cluster address: written by the scheduler's telemetry,
 * read by every flavour's queue before it offers a slot work (see {@link RunnerNodes#healthyOnly}).
 */
final class UnhealthyNodes {
  private volatile Set<String> addresses = Set.of();

  void set(Set<String> now) {
    addresses = Set.copyOf(now);
  }

  boolean contains(String address) {
    return addresses.contains(address);
  }
}
