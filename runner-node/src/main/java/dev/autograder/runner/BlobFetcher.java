package dev.autograder.runner;

import dev.autograder.ContentHash;
import dev.autograder.blob.BlobChunk;
import dev.autograder.blob.BlobCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Fetches content-addressed blobs (submission archives, grading specs) from an API node's blob
 * server over the cluster's transport, one chunk at a time, checks their size and hash, and keeps
 * the most recent ones: a rush of submissions to one assignment fetches its spec once.
 */
public final class BlobFetcher {
  /**
   * @param chunkTimeout how long one chunk may take to come
   * @param tries how often a chunk is asked for before the fetch fails
   */
  public record Settings(Duration chunkTimeout, int tries, long cacheBytes) {
    public Settings {
      if (tries < 1) {
        throw new IllegalArgumentException("blob-fetch.tries must be at least 1, not " + tries);
      }
    }
  }

  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  private final Scheduler scheduler;
  private final Settings settings;
  private final Map<String, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cached;

  public BlobFetcher(Scheduler scheduler, Settings settings) {
    this.scheduler = scheduler;
    this.settings = settings;
  }

  /** Blocks: call it on the sandbox dispatcher. */
  public byte[] fetch(ActorRef<BlobCommand> server, String hash)
      throws IOException, InterruptedException {
    byte[] hit = cached(hash);
    if (hit != null) {
      return hit;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long total;
    do {
      BlobChunk chunk = chunk(server, hash, body.size());
      if (chunk.offset() != body.size()
          || body.size() + (long) chunk.bytes().length > chunk.totalSize()
          || (chunk.bytes().length == 0 && body.size() < chunk.totalSize())) {
        throw new IOException(
            "blob "
                + hash
                + ": a chunk at "
                + chunk.offset()
                + " of "
                + chunk.bytes().length
                + " bytes does not follow the "
                + body.size()
                + " of "
                + chunk.totalSize()
                + " read");
      }
      body.write(chunk.bytes());
      total = chunk.totalSize();
    } while (body.size() < total);
    byte[] blob = body.toByteArray();
    if (!ContentHash.sha256(blob).equals(hash)) {
      throw new IOException(
          "blob " + hash + " from " + server.path().address() + " does not match its hash");
    }
    remember(hash, blob);
    return blob;
  }

  /**
   * One chunk, asked for again after a moment when it did not come or was refused: the server may
   * not know the scheduler yet, or the scheduler may not have answered it in time.
   */
  private BlobChunk chunk(ActorRef<BlobCommand> server, String hash, long offset)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return AskPattern.<BlobCommand, BlobChunk>askWithStatus(
                server,
                replyTo -> new BlobCommand.ReadChunk(hash, offset, replyTo),
                settings.chunkTimeout(),
                scheduler)
            .toCompletableFuture()
            .get(settings.chunkTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (attempt >= settings.tries()) {
          throw new IOException(
              "blob "
                  + hash
                  + " at "
                  + offset
                  + " from "
                  + server.path().address()
                  + ", "
                  + attempt
                  + " tries: "
                  + cause.getMessage(),
              cause);
        }
        Thread.sleep(RETRY_PAUSE.toMillis());
      }
    }
  }

  private synchronized byte[] cached(String hash) {
    return cache.get(hash);
  }

  private synchronized void remember(String hash, byte[] body) {
    if (body.length > settings.cacheBytes() || cache.containsKey(hash)) {
      return;
    }
    cache.put(hash, body);
    cached += body.length;
    var eldest = cache.entrySet().iterator();
    while (cached > settings.cacheBytes() && eldest.hasNext()) {
      cached -= eldest.next().getValue().length;
      eldest.remove();
    }
  }
}
