package dev.autograder.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The one database of a deployment, configured once under {@code autograder.database}: H2 in a file
 * by default, PostgreSQL in production. The journal, the snapshots, the read side and the blob
 * store share it.
 */
public final class Database {
  private Database() {}

  public static boolean isPostgres(Config config) {
    return config.getString("autograder.database.url").startsWith("jdbc:postgresql:");
  }

  /**
   * What every H2 URL of the node must say, added when the URL does not say it; a URL that says
   * otherwise is refused with the reason. Together they make a commit that returned survive the
   * process being killed (not the machine: H2 does not sync the file at each commit).
   */
  private static final Map<String, String> H2_DURABILITY = new LinkedHashMap<>();

  static {
    // H2 2.x (MVStore) answers a commit once the change is in memory and writes it to the file
    // from a background thread every WRITE_DELAY ms (500 by default): a process killed in between
    // loses transactions it had reported committed. With 0 there is no background writer, and
    // each commit writes its chunk before it returns.
    H2_DURABILITY.put("WRITE_DELAY", "0");
    // With space reuse (the default) a chunk may be written into the place of chunks freed after
    // RETENTION_TIME (45 s), and after a kill H2 reopened the file at an older version: the last
    // commits were gone although their chunks had been written (measured: 21 of about 3,000
    // confirmed commits lost over 10 kills with reuse, none without). Without reuse every chunk
    // goes to the end of the file, where reopening finds it; the file then only grows while the
    // node runs, and start() compacts it (compactOnStart).
    H2_DURABILITY.put("REUSE_SPACE", "FALSE");
  }

  /**
   * The JDBC URL every pool of the node opens: {@code autograder.database.url}, and for H2 with
   * {@code WRITE_DELAY=0} and {@code REUSE_SPACE=FALSE} added when the URL does not say them. A URL
   * that sets another value for either is refused.
   */
  public static String url(Config config) {
    String url = config.getString("autograder.database.url");
    if (!url.startsWith("jdbc:h2:")) {
      return url;
    }
    Map<String, String> missing = new LinkedHashMap<>(H2_DURABILITY);
    String[] parts = url.split(";");
    for (int i = 1; i < parts.length; i++) {
      String[] setting = parts[i].split("=", 2);
      String key = setting[0].strip().toUpperCase(Locale.ROOT);
      String required = missing.remove(key);
      if (required != null
          && !(setting.length == 2 && setting[1].strip().equalsIgnoreCase(required))) {
        throw new IllegalArgumentException(
            "autograder.database.url must not set "
                + parts[i].strip()
                + ": H2 would acknowledge commits that a crash of the node can lose; leave "
                + key
                + " out (the node sets "
                + key
                + "="
                + required
                + ") or set it to "
                + required);
      }
    }
    StringBuilder complete = new StringBuilder(url);
    missing.forEach(
        (key, value) ->
            complete
                .append(complete.charAt(complete.length() - 1) == ';' ? "" : ";")
                .append(key)
                .append('=')
                .append(value));
    return complete.toString();
  }

  /**
   * Compacts the H2 file before the node opens its pools: without space reuse (see {@link #url})
   * the file grows with every commit while the node runs, and H2 rewrites only the live data with
   * {@code SHUTDOWN COMPACT}, which needs the database to itself. Nothing to do for PostgreSQL or
   * when the file does not exist yet. Answers the sizes before and after, in bytes.
   */
  public static Optional<long[]> compactOnStart(Config config) throws SQLException, IOException {
    if (isPostgres(config)) {
      return Optional.empty();
    }
    String url = url(config);
    String location = url.substring(0, url.indexOf(';') < 0 ? url.length() : url.indexOf(';'));
    if (!location.startsWith("jdbc:h2:file:")) {
      return Optional.empty();
    }
    Path file = Path.of(location.substring("jdbc:h2:file:".length()) + ".mv.db");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    long before = Files.size(file);
    Config db = config.getConfig("autograder.database");
    Properties credentials = new Properties();
    credentials.setProperty("user", db.getString("user"));
    credentials.setProperty("password", db.getString("password"));
    try (Connection c = new org.h2.Driver().connect(url, credentials);
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    }
    return Optional.of(new long[] {before, Files.size(file)});
  }

  /** Connections of the read journal's own pool (see {@link #withPersistence}). */
  private static final int READ_JOURNAL_CONNECTIONS = 4;

  /**
   * Fills pekko-persistence-jdbc's shared Slick databases and the projections' dialect from {@code
   * autograder.database}: {@code slick} for the journal and the snapshots, {@code read-journal} for
   * the read side's queries by tag.
   *
   * <p>The read journal has a pool of its own because on PostgreSQL its statements must not be
   * prepared on the server. A prepared statement is soon run with a generic plan, made once from
   * the statistics of the moment: made on a young database, the plan for events by tag scanned all
   * of event_tag for every journal row of the window, and such queries took up to 19 s at a
   * deadline rush until a later ANALYZE replaced the plan. Planned at each run, the query sees the
   * tables as they are; the read side runs a few of them per second, so planning costs nothing that
   * shows.
   */
  public static Config withPersistence(Config config) {
    Config db = config.getConfig("autograder.database");
    boolean postgres = isPostgres(config);
    int pool = db.getInt("pool-size");
    Map<String, Object> slick = new LinkedHashMap<>();
    slick.put("profile", postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$");
    slick.put("db.url", url(config));
    slick.put("db.user", db.getString("user"));
    slick.put("db.password", db.getString("password"));
    slick.put("db.driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver");
    slick.put("db.numThreads", pool);
    slick.put("db.maxConnections", pool);
    slick.put("db.minConnections", 1);
    Map<String, Object> readJournal = new LinkedHashMap<>(slick);
    readJournal.put("db.numThreads", READ_JOURNAL_CONNECTIONS);
    readJournal.put("db.maxConnections", READ_JOURNAL_CONNECTIONS);
    if (postgres) {
      readJournal.put("db.properties.prepareThreshold", "0");
    }
    return ConfigFactory.parseMap(slick)
        .atPath("pekko-persistence-jdbc.shared-databases.slick")
        .withFallback(
            ConfigFactory.parseMap(readJournal)
                .atPath("pekko-persistence-jdbc.shared-databases.read-journal"))
        .withFallback(
            ConfigFactory.parseMap(
                Map.of(
                    "pekko.projection.jdbc.dialect", postgres ? "postgres-dialect" : "h2-dialect")))
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
    if (isPostgres(config)) {
      // The read side's batches of inserts (a run of receipts) go as multi-row INSERTs.
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    return new HikariDataSource(hikari);
  }
}
