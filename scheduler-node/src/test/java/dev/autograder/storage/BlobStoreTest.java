package dev.autograder.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.ContentHash;
import dev.autograder.blob.BlobChunk;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Chunked reads of the blob store, on H2 and on PostgreSQL (a database of the test's own). */
class BlobStoreTest {
  private static final ExecutorService jdbc = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stop() {
    jdbc.shutdown();
  }

  /**
   * Reads the blob chunk by chunk, as the blob server serves it, and checks every chunk's bounds.
   */
  private static void readsInChunks(BlobStore store) throws Exception {
    store.createTableIfMissing();
    byte[] blob = new byte[BlobChunk.MAX_BYTES + 1000];
    new Random(7).nextBytes(blob);
    String hash = store.put(blob).toCompletableFuture().get();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    while (got.size() < blob.length) {
      BlobChunk chunk =
          store
              .read(hash, got.size(), BlobChunk.MAX_BYTES)
              .toCompletableFuture()
              .get()
              .orElseThrow();
      assertEquals(blob.length, chunk.totalSize());
      assertEquals(got.size(), chunk.offset());
      assertTrue(
          chunk.bytes().length > 0 && chunk.bytes().length <= BlobChunk.MAX_BYTES,
          "chunk " + chunk.offset());
      got.write(chunk.bytes());
    }
    assertArrayEquals(blob, got.toByteArray());
    BlobChunk middle = store.read(hash, 10, 5).toCompletableFuture().get().orElseThrow();
    assertArrayEquals(Arrays.copyOfRange(blob, 10, 15), middle.bytes());
    assertEquals(
        0,
        store.read(hash, blob.length, 5).toCompletableFuture().get().orElseThrow().bytes().length);
    assertTrue(
        store.read(ContentHash.sha256(new byte[] {1}), 0, 5).toCompletableFuture().get().isEmpty());
  }

  @Test
  void h2ServesABlobInChunks() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:blob-store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    readsInChunks(new BlobStore(h2, jdbc, false));
  }

  @Test
  void postgresServesABlobInChunks() throws Exception {
    try (FreshPostgres postgres = FreshPostgres.create("blobs_")) {
      readsInChunks(new BlobStore(postgres.dataSource(), jdbc, true));
    }
  }
}
