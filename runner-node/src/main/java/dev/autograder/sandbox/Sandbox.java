package dev.autograder.sandbox;

import dev.autograder.flavour.Flavour;
import java.util.Map;

/** Somewhere untrusted code runs under a flavour's limits. */
public interface Sandbox {

  /**
   * Prepares a fresh, private work directory (/work) holding {@code files}; every step of the
   * returned session sees it. Closing the session removes everything the session created.
   *
   * @param image the image the steps run in (the flavour's, or an assignment's built on it)
   * @param files the session's starting files, path relative to /work to content
   * @param label names the session in logs and in the engine (a submission id and attempt)
   */
  Session open(Flavour flavour, String image, Map<String, byte[]> files, String label);

  /** Steps run one after the other, each in a fresh process tree; nothing survives a step. */
  interface Session extends AutoCloseable {
    StepOutcome run(SandboxStep step);

    @Override
    void close();
  }
}
