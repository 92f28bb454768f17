package dev.autograder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Where the callbacks on an answer from Pekko run. Pekko's Java asks (and its streams' and HTTP's
 * CompletionStages) are Scala futures seen through {@code FutureConverters}: their {@code
 * thenApply}, {@code thenCompose} and the like always run asynchronously on the common pool, and on
 * 2 cores that pool has parallelism 1, so {@code CompletableFuture} starts a new thread for every
 * callback (about five per submission). Seen through here, the answer is handed once to the
 * executor (the actor system's dispatcher, whose threads stay) and the callbacks run there, without
 * another hop.
 */
public final class Answers {
  private Answers() {}

  /** The same outcome as {@code answer}, with its callbacks on {@code executor}. */
  public static <T> CompletionStage<T> on(Executor executor, CompletionStage<T> answer) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    answer.whenCompleteAsync(
        (value, failure) -> {
          if (failure == null) {
            plain.complete(value);
          } else {
            plain.completeExceptionally(failure);
          }
        },
        executor);
    return plain;
  }
}
