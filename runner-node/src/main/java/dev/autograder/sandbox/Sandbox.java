package dev.autograder.sandbox;

import dev.autograder.flavour.Flavour;
import dev.autograder.submission.SubmittedFile;
import java.util.List;

/** Somewhere untrusted code runs under a flavour's limits. */
public interface Sandbox {

  /**
   * Prepares a fresh, private work directory holding {@code files}; every step of the returned
   * session sees it. Closing the session removes everything the session created.
   *
   * @param label names the session in logs and in the engine (a submission id and attempt)
   */
  Session open(Flavour flavour, List<SubmittedFile> files, String label);

  /** Steps run one after the other, each in a fresh process tree; nothing survives a step. */
  interface Session extends AutoCloseable {
    StepOutcome run(SandboxStep step);

    @Override
    void close();
  }
}
