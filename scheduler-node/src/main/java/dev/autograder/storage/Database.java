package dev.autograder.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.Map;

/**
 * The one database of a deployment, configured once under {@code autograder.database}: H2 in a
 * file by default, PostgreSQL in production. The journal, the snapshots, the read side and the blob
 * store share it.
 */
public final class Database {
  private Database() {}

  public static boolean isPostgres(Config config) {
    return config.getString("autograder.database.url").startsWith("jdbc:postgresql:");
  }

  /**
   * The JDBC URL every pool of the node opens: {@code autograder.database.url}, and for H2 with
   * {@code WRITE_DELAY=0} added when the URL does not say it.
   *
   * <p>H2 2.x (MVStore) answers a commit once the change is in memory and writes it to the file from
   * a background thread every WRITE_DELAY ms (500 by default): a process killed in between loses
   * transactions it had reported committed, and with them submissions the API had answered 202
   * for. With WRITE_DELAY=0 there is no background writer, and every commit writes its changes to
   * the file before it returns; they then survive the process (not the machine: H2 does not sync
   * the file at each commit). A URL that sets another write delay is refused.
   */
  public static String url(Config config) {
    String url = config.getString("autograder.database.url");
    if (!url.startsWith("jdbc:h2:")) {
      return url;
    }
    String[] parts = url.split(";");
    for (int i = 1; i < parts.length; i++) {
      String[] setting = parts[i].split("=", 2);
      if (setting[0].strip().toUpperCase(Locale.ROOT).equals("WRITE_DELAY")) {
        if (setting.length == 2 && setting[1].strip().equals("0")) {
          return url;
        }
        throw new IllegalArgumentException("autograder.database.url must not set " + parts[i].strip()
            + ": H2 would acknowledge commits it has not written yet, and a crash would lose them;"
            + " leave WRITE_DELAY out (the node sets WRITE_DELAY=0) or set it to 0");
      }
    }
    return url + (url.endsWith(";") ? "" : ";") + "WRITE_DELAY=0";
  }

  /**
   * Fills pekko-persistence-jdbc's shared Slick database and the projections' dialect from
   * {@code autograder.database}.
   */
  public static Config withPersistence(Config config) {
    Config db = config.getConfig("autograder.database");
    boolean postgres = isPostgres(config);
    int pool = db.getInt("pool-size");
    Map<String, Object> slick = Map.of(
        "profile", postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$",
        "db.url", url(config),
        "db.user", db.getString("user"),
        "db.password", db.getString("password"),
        "db.driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver",
        "db.numThreads", pool,
        "db.maxConnections", pool,
        "db.minConnections", 1);
    return ConfigFactory.parseMap(slick).atPath("pekko-persistence-jdbc.shared-databases.slick")
        .withFallback(ConfigFactory.parseMap(Map.of("pekko.projection.jdbc.dialect",
            postgres ? "postgres-dialect" : "h2-dialect")))
        .withFallback(config);
  }

  public static HikariDataSource dataSource(Config config) {
    Config db = config.getConfig("autograder.database");
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url(config));
    hikari.setUsername(db.getString("user"));
    hikari.setPassword(db.getString("password"));
    hikari.setDriverClassName(isPostgres(config) ? "org.postgresql.Driver" : "org.h2.Driver");
    hikari.setMaximumPoolSize(db.getInt("pool-size"));
    hikari.setPoolName("autograder");
    return new HikariDataSource(hikari);
  }
}
