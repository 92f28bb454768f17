package dev.autograder.port;

import dev.autograder.port.SignInThrottle.Admission;
import dev.autograder.port.SignInThrottle.Admitted;
import java.util.concurrent.CompletionStage;

/**
 * The sign-in throttle as the API sees it: one for all API nodes, so that the limits of {@link
 * SignInThrottle} hold however a guesser spreads attempts over the nodes.
 */
public interface SignInGuard {
  /**
   * Admits the attempt and counts it as in flight, or refuses it. Fails when the throttle cannot be
   * asked (the attempt must then be refused: the password is never checked unthrottled).
   */
  CompletionStage<Admission> admit(String username, String client);

  /** The password was wrong (or the username unknown). */
  void failed(Admitted attempt);

  /** The password was right. */
  void succeeded(Admitted attempt);

  /** The password could not be checked. */
  void abandoned(Admitted attempt);
}
