package dev.autograder.port;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.pattern.StatusReply;

/**
 * A request refused, in the domain's words: what kind of refusal, a stable code, a message for the
 * person, and when to try again. The API maps the kinds to HTTP in one place (ApiRoutes); nothing
 * here knows HTTP.
 */
public final class Refusal extends RuntimeException {

  /** Why a request is refused; each kind is one HTTP status at the API. */
  public enum Kind {
    /** The request itself is wrong (a field, a file, a value). */
    INVALID,
    /** No signed-in caller, or credentials that are wrong. */
    UNAUTHENTICATED,
    /** The caller may not do this. */
    FORBIDDEN,
    NOT_FOUND,
    /** The request is fine, but what it meets is not in a state to take it. */
    CONFLICT,
    /** The request is larger than allowed. */
    TOO_LARGE,
    /** The request comes in a form that is not taken. */
    UNSUPPORTED_FORM,
    /** The caller asked too often; try again later. */
    TOO_MANY,
    /** The platform cannot take it now; try again later. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final String code;

  /** When to try again, in seconds; 0 when not said. */
  private final long retryAfterSeconds;

  /** Per-field or per-line problems, or empty. */
  private final List<Map<String, Object>> details;

  private Refusal(
      Kind kind,
      String code,
      String message,
      long retryAfterSeconds,
      List<Map<String, Object>> details) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.details = List.copyOf(details);
  }

  public static Refusal of(Kind kind, String code, String message) {
    return new Refusal(kind, code, message, 0, List.of());
  }

  public static Refusal invalid(String code, String message) {
    return of(Kind.INVALID, code, message);
  }

  public static Refusal notFound(String what, String id) {
    return of(Kind.NOT_FOUND, "not_found", "no " + what + " " + id);
  }

  public static Refusal conflict(String code, String message) {
    return of(Kind.CONFLICT, code, message);
  }

  public static Refusal conflict(String code, String message, long retryAfterSeconds) {
    return new Refusal(Kind.CONFLICT, code, message, retryAfterSeconds, List.of());
  }

  public static Refusal unavailable(String code, String message, long retryAfterSeconds) {
    return new Refusal(Kind.UNAVAILABLE, code, message, retryAfterSeconds, List.of());
  }

  public static Refusal tooMany(String code, String message, long retryAfterSeconds) {
    return new Refusal(Kind.TOO_MANY, code, message, retryAfterSeconds, List.of());
  }

  public Refusal withDetails(List<Map<String, Object>> problems) {
    return new Refusal(kind, code, getMessage(), retryAfterSeconds, problems);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public List<Map<String, Object>> details() {
    return details;
  }

  /** The failure inside the CompletionExceptions that futures wrap it in. */
  public static Throwable causeOf(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? causeOf(failure.getCause())
        : failure;
  }

  /** Whether the failure is an entity's {@link StatusReply} error saying {@code why}. */
  public static boolean isEntityRefusal(Throwable failure, String why) {
    return causeOf(failure) instanceof StatusReply.ErrorMessage e && why.equals(e.getMessage());
  }

  /**
   * For {@code exceptionally}: an entity's {@link StatusReply} error saying {@code why} becomes the
   * refusal; any other failure passes on, unwrapped once.
   */
  public static <T> Function<Throwable, T> whenEntitySays(String why, Supplier<Refusal> refusal) {
    return failure -> {
      if (isEntityRefusal(failure, why)) {
        throw refusal.get();
      }
      throw new CompletionException(causeOf(failure));
    };
  }
}
