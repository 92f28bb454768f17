package dev.autograder.storage;

import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A process for {@link DatabaseTest}: opens the node's pool on the H2 URL given as its argument,
 * commits rows from four threads at once, and prints each row's key once its commit has returned,
 * until it is killed.
 */
public final class H2Committer {
  private H2Committer() {}

  public static void main(String[] args) throws Exception {
    var config =
        ConfigFactory.parseMap(Map.of("autograder.database.url", args[0]))
            .withFallback(ConfigFactory.defaultReference());
    var pool = Database.dataSource(config);
    try (Connection c = pool.getConnection()) {
      c.createStatement()
          .execute(
              "CREATE TABLE IF NOT EXISTS committed(k VARCHAR(64) PRIMARY KEY, v VARBINARY(500))");
    }
    String run = Long.toString(ProcessHandle.current().pid());
    for (int t = 0; t < 4; t++) {
      String writer = run + "-" + t + "-";
      new Thread(
              () -> {
                try (Connection c = pool.getConnection();
                    PreparedStatement insert =
                        c.prepareStatement("INSERT INTO committed(k, v) VALUES (?, ?)")) {
                  c.setAutoCommit(false);
                  for (long n = 0; ; n++) {
                    insert.setString(1, writer + n);
                    insert.setBytes(2, new byte[500]);
                    insert.executeUpdate();
                    c.commit();
                    synchronized (System.out) {
                      System.out.println(writer + n);
                      System.out.flush();
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextInt(100));
                  }
                } catch (Exception e) {
                  e.printStackTrace();
                }
              })
          .start();
    }
  }
}
