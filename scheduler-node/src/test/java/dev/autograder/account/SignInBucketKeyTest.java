package dev.autograder.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autograder.storage.FreshPostgres;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class SignInBucketKeyTest {

  /** Nodes starting together each load or create the key: all must end with the one stored. */
  private static void everyNodeGetsTheSameSecretKey(DataSource database) throws Exception {
    ExecutorService nodes = Executors.newFixedThreadPool(4);
    try {
      Callable<byte[]> start = () -> SignInBucketKey.loadOrCreate(database);
      List<Future<byte[]>> keys = nodes.invokeAll(List.of(start, start, start, start));
      byte[] first = keys.get(0).get();
      assertEquals(32, first.length);
      assertFalse(Arrays.equals(new byte[32], first), "random, not zeros");
      for (Future<byte[]> key : keys) {
        assertArrayEquals(first, key.get());
      }
      assertArrayEquals(
          first, SignInBucketKey.loadOrCreate(database), "a restarted node reads it back");
    } finally {
      nodes.shutdownNow();
    }
  }

  @Test
  void nodesOnH2ShareOneRandomKey() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:sign-in-key-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    everyNodeGetsTheSameSecretKey(h2);
  }

  @Test
  void nodesOnPostgresShareOneRandomKey() throws Exception {
    try (FreshPostgres postgres = FreshPostgres.create("signinkey_")) {
      everyNodeGetsTheSameSecretKey(postgres.dataSource());
    }
  }
}
