package dev.autograder.runner;

import dev.autograder.ClusterSecret;
import dev.autograder.ContentHash;
import dev.autograder.trust.BlobRequest;
import dev.autograder.trust.NodeIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fetches content-addressed blobs (submission archives, grading specs) from an API node with the
 * cluster's secret and, with the TLS transport, each request signed with the node's key, checks
 * their hash, and keeps the most recent ones: a rush of submissions to one assignment fetches its
 * spec once.
 */
public final class BlobFetcher {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String secret;
  private final Supplier<Optional<NodeIdentity>> identity;
  private final long cacheBytes;
  private final Map<String, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cached;

  /**
   * @param identity the node's key and certificate, read for each request so that rotated files
   *     count at once; empty without the TLS transport
   */
  public BlobFetcher(String secret, Supplier<Optional<NodeIdentity>> identity, long cacheBytes) {
    this.secret = secret;
    this.identity = identity;
    this.cacheBytes = cacheBytes;
  }

  /** Blocks: call it on the sandbox dispatcher. */
  public byte[] fetch(String baseUrl, String hash) throws IOException, InterruptedException {
    byte[] hit = cached(hash);
    if (hit != null) {
      return hit;
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/internal/blobs/" + hash))
        .header(ClusterSecret.HEADER, secret)
        .timeout(Duration.ofSeconds(30))
        .GET();
    identity.get().ifPresent(node -> BlobRequest.sign(node, hash, Instant.now()).forEach(request::header));
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("blob " + hash + " from " + baseUrl + ": HTTP " + response.statusCode());
    }
    byte[] body = response.body();
    if (!ContentHash.sha256(body).equals(hash)) {
      throw new IOException("blob " + hash + " from " + baseUrl + " does not match its hash");
    }
    remember(hash, body);
    return body;
  }

  private synchronized byte[] cached(String hash) {
    return cache.get(hash);
  }

  private synchronized void remember(String hash, byte[] body) {
    if (body.length > cacheBytes || cache.containsKey(hash)) {
      return;
    }
    cache.put(hash, body);
    cached += body.length;
    var eldest = cache.entrySet().iterator();
    while (cached > cacheBytes && eldest.hasNext()) {
      cached -= eldest.next().getValue().length;
      eldest.remove();
    }
  }
}
