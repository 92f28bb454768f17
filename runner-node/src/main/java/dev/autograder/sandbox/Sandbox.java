package dev.autograder.sandbox;

import dev.autograder.flavour.Flavour;

/**
 * Somewhere untrusted code runs under a flavour's limits. A session is one container of the
 * flavour's limits; each step in it is a fresh process tree under a uid no earlier step had, in a
 * fresh directory, and nothing a step started survives it (docs/sandbox-protocol.md).
 */
public interface Sandbox {
  /** Where a build step leaves its output for the later steps: read-only to them, owned by root. */
  String BUILD = "/work/build";

  /** The directory a test run gets by default: made fresh for every run and removed after it. */
  String RUN = "/work/run";

  /** A Gradescope harness's home: a writable tmpfs in every session. */
  String AUTOGRADER = "/autograder";

  /**
   * Starts a session: a container of the flavour's limits from {@code image} (the flavour's, or an
   * assignment's built on it). Closing it stops everything in it and removes the container.
   *
   * @param label names the session in logs and in the engine (a submission id and attempt)
   */
  Session open(Flavour flavour, String image, String label);

  /** Steps run one after the other. */
  interface Session extends AutoCloseable {
    StepOutcome run(SandboxStep step);

    @Override
    void close();
  }
}
