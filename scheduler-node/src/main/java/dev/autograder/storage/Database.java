package dev.autograder.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
   * Fills pekko-persistence-jdbc's shared Slick database and the projections' dialect from
   * {@code autograder.database}.
   */
  public static Config withPersistence(Config config) {
    Config db = config.getConfig("autograder.database");
    boolean postgres = isPostgres(config);
    int pool = db.getInt("pool-size");
    Map<String, Object> slick = Map.of(
        "profile", postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$",
        "db.url", db.getString("url"),
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
    hikari.setJdbcUrl(db.getString("url"));
    hikari.setUsername(db.getString("user"));
    hikari.setPassword(db.getString("password"));
    hikari.setDriverClassName(isPostgres(config) ? "org.postgresql.Driver" : "org.h2.Driver");
    hikari.setMaximumPoolSize(db.getInt("pool-size"));
    hikari.setPoolName("autograder");
    return new HikariDataSource(hikari);
  }
}
