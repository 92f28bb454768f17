package dev.autograder.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.autograder.NodeConfig;
import dev.autograder.node.SchedulerNode;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.storage.Database;
import dev.autograder.storage.FreshPostgres;
import dev.autograder.testing.TestCredentials;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystemImpl;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A whole scheduler node in this JVM (cluster of one, HTTP API, entities, read side) on H2 in a
 * fresh directory or on a fresh PostgreSQL database; it can be stopped and started again on the
 * same data, as a full restart.
 */
final class RunningNode implements AutoCloseable {
  /** How long a system may take to terminate once its coordinated shutdown has run every phase. */
  private static final Duration TERMINATION_GRACE = Duration.ofSeconds(10);

  static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private final Config database;

  /** Settings of this test's own, over the defaults below. */
  private Config settings = ConfigFactory.empty();

  private final FreshPostgres postgres;
  private final int httpPort;
  private final int clusterPort;
  private ActorSystem<Void> system;

  private RunningNode(Config database, FreshPostgres postgres) throws Exception {
    this.database = database;
    this.postgres = postgres;
    this.httpPort = freePort();
    this.clusterPort = freePort();
  }

  /** {@code kind} is "h2" or "postgres". */
  static RunningNode start(String kind) throws Exception {
    return start(kind, Map.of());
  }

  /**
   * A second scheduler node in the cluster of {@code seed}, on its PostgreSQL database (an embedded
   * H2 file belongs to one node), with the same settings of the test's own.
   */
  static RunningNode joining(RunningNode seed) throws Exception {
    if (seed.postgres == null) {
      throw new IllegalArgumentException(
          "a second node needs the seed's PostgreSQL database, not its H2 file");
    }
    // The seed drops the database when it closes.
    RunningNode node =
        new RunningNode(
            seed.database.withValue(
                "autograder.data-dir",
                ConfigValueFactory.fromAnyRef(
                    Files.createTempDirectory("autograder-api").toString())),
            null);
    node.settings =
        seed.settings.withValue(
            "pekko.cluster.seed-nodes",
            ConfigValueFactory.fromIterable(
                List.of("pekko://autograder@127.0.0.1:" + seed.clusterPort)));
    node.boot();
    return node;
  }

  /** With some settings of the test's own (e.g. a short token lifetime), over the defaults. */
  static RunningNode start(String kind, Map<String, Object> settings) throws Exception {
    RunningNode node;
    if (kind.equals("h2")) {
      String dir = Files.createTempDirectory("autograder-api").toString();
      node =
          new RunningNode(
              ConfigFactory.parseMap(
                  Map.of(
                      "autograder.data-dir",
                      dir,
                      "autograder.database.url",
                      "jdbc:h2:file:" + dir + "/db;DATABASE_TO_UPPER=false")),
              null);
    } else {
      FreshPostgres postgres = FreshPostgres.create("api_");
      node =
          new RunningNode(
              ConfigFactory.parseMap(
                      Map.of(
                          "autograder.data-dir",
                          Files.createTempDirectory("autograder-api").toString()))
                  .withFallback(postgres.settings()),
              postgres);
    }
    node.settings = ConfigFactory.parseMap(settings);
    node.boot();
    return node;
  }

  private Config loaded;

  private void boot() throws Exception {
    Config overrides =
        settings
            .withFallback(
                ConfigFactory.parseMap(
                    Map.of(
                        "autograder.http.port",
                        httpPort,
                        "pekko.remote.artery.canonical.port",
                        clusterPort,
                        "pekko.cluster.seed-nodes",
                        List.of("pekko://autograder@127.0.0.1:" + clusterPort),
                        "pekko.coordinated-shutdown.exit-jvm",
                        "off",
                        "autograder.accounts.admin-password",
                        ADMIN_PASSWORD,
                        // Tests sign many people in: a cheap hash keeps them quick; the scheme is
                        // the same.
                        "autograder.accounts.password-hash-iterations",
                        1000,
                        "autograder.submission.max-bytes",
                        "64 KiB",
                        "autograder.submission.max-files",
                        8)))
            .withFallback(
                ConfigFactory.parseMap(
                    Map.of(
                        "pekko.remote.artery.ssl.rotating-keys-engine.secret-mount-point",
                        TestCredentials.cluster().toString())))
            .withFallback(
                ConfigFactory.parseString(
                    "autograder.flavours.default {}\nautograder.flavours.gpu {}"))
            .withFallback(database);
    loaded = NodeConfig.load(overrides, "autograder-scheduler.conf", "autograder-http.conf");
    system = SchedulerNode.start(loaded);
  }

  /**
   * Whether the node's blob store holds a blob with this hash (read with a pool of the test's own).
   */
  boolean storesBlob(String hash) throws Exception {
    try (HikariDataSource db = Database.dataSource(loaded);
        Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM autograder_blob WHERE hash = ?")) {
      s.setString(1, hash);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    }
  }

  ActorSystem<Void> system() {
    return system;
  }

  /**
   * The node's scheduler, once the receptionist lists it: the singleton registers a moment after
   * the node starts, so an early lookup can find nothing.
   */
  ActorRef<SchedulerCommand> scheduler() {
    TestProbe<Receptionist.Listing> listing = TestProbe.create(system);
    Instant giveUpAt = Instant.now().plusSeconds(30);
    while (true) {
      system.receptionist().tell(Receptionist.find(SchedulerCommand.SERVICE_KEY, listing.ref()));
      var found =
          listing
              .receiveMessage(Duration.ofSeconds(10))
              .getServiceInstances(SchedulerCommand.SERVICE_KEY);
      if (!found.isEmpty()) {
        return found.iterator().next();
      }
      if (Instant.now().isAfter(giveUpAt)) {
        throw new AssertionError(
            "the scheduler did not register with the receptionist within 30 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the scheduler", e);
      }
    }
  }

  /** Waits until this node sees {@code count} members up, or fails saying which it sees. */
  void awaitMembersUp(int count) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    Instant giveUpAt = Instant.now().plusSeconds(30);
    while (StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .filter(m -> m.status().equals(MemberStatus.up()))
            .count()
        < count) {
      if (Instant.now().isAfter(giveUpAt)) {
        throw new AssertionError(
            "after 30 s this node sees " + cluster.state().getMembers() + ", not " + count + " up");
      }
      Thread.sleep(100);
    }
  }

  /** The ids of the entities of this type alive on this node now. */
  TreeSet<String> entities(EntityTypeKey<?> type) throws Exception {
    ShardRegion.CurrentShardRegionState state =
        AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                ClusterSharding.get(system).shardState(),
                replyTo -> new GetShardRegionState(type, replyTo),
                Duration.ofSeconds(10),
                system.scheduler())
            .toCompletableFuture()
            .get();
    TreeSet<String> ids = new TreeSet<>();
    state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
    return ids;
  }

  int httpPort() {
    return httpPort;
  }

  String base() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Stops every part of the node and starts it again on the same database. */
  void restart() throws Exception {
    // Started again on the same ports: a node that never stopped holds them.
    if (!stop()) {
      throw new IllegalStateException("the node on cluster port " + clusterPort + " did not stop");
    }
    boot();
  }

  /**
   * Stops the node's actor system. Pekko 1.2.1 can wait for ever for a remoting TLS stream when it
   * stops (see RunnerNode): once the coordinated shutdown has run every phase (each is bounded),
   * the system gets {@link #TERMINATION_GRACE} more; past that, false, and the actors still alive
   * are printed, which shows the stalled stream.
   */
  private boolean stop() throws Exception {
    CompletableFuture<Done> terminated = system.getWhenTerminated().toCompletableFuture();
    try {
      CoordinatedShutdown.get(system)
          .runAll(CoordinatedShutdown.unknownReason())
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      terminated.get(TERMINATION_GRACE.toSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      System.out.println(
          "node on cluster port "
              + clusterPort
              + " did not stop within "
              + TERMINATION_GRACE.toSeconds()
              + " s of its shutdown's end; its actors now:\n"
              + ((ActorSystemImpl) system.classicSystem()).printTree());
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    // A stalled stop leaves a node that left its cluster and serves nothing: the test's verdict
    // stands, and the stall is reported above, not failed on.
    stop();
    if (postgres != null) {
      postgres.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
