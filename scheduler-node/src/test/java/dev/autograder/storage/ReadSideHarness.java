package dev.autograder.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.autograder.NodeConfig;
import dev.autograder.submission.Submission;
import dev.autograder.submission.SubmissionReceipts;
import dev.autograder.submission.view.SubmissionView;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * A read side on the real journal, for projection tests: an actor system with persistence on H2 (a
 * fresh file) or a fresh PostgreSQL database, the projections' offset tables, and entities started
 * as plain actors whose events the projections under test read.
 */
public final class ReadSideHarness implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ActorSystem<Void> system;
  private final HikariDataSource pool;
  private final ExecutorService jdbc = Executors.newFixedThreadPool(2);
  private final FreshPostgres postgres;

  private ReadSideHarness(ActorSystem<Void> system, HikariDataSource pool, FreshPostgres postgres) {
    this.system = system;
    this.pool = pool;
    this.postgres = postgres;
  }

  /**
   * @param kind "h2" or "postgres"
   */
  public static ReadSideHarness start(String kind, String name) throws Exception {
    FreshPostgres postgres = kind.equals("h2") ? null : FreshPostgres.create(name + "_");
    Config database =
        postgres != null
            ? postgres.settings()
            : ConfigFactory.parseMap(
                Map.of(
                    "autograder.database.url",
                    "jdbc:h2:file:"
                        + Files.createTempDirectory("autograder-" + name)
                        + "/db;DATABASE_TO_UPPER=false"));
    Config config = localNode(database);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
    SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    HikariDataSource pool = Database.dataSource(config);
    JdbcProjection.createTablesIfNotExists(() -> new PooledJdbcSession(pool), system)
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    return new ReadSideHarness(system, pool, postgres);
  }

  /**
   * A scheduler node's configuration on this database, with persistence, as a lone local system.
   */
  public static Config localNode(Config database) {
    return Database.withPersistence(
        NodeConfig.load(
            database.withFallback(
                ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")),
            "autograder-scheduler.conf"));
  }

  public HikariDataSource pool() {
    return pool;
  }

  public SqlStore sql() {
    return new SqlStore(pool, jdbc);
  }

  /** Runs the read side's projection of the events tagged {@code tag} through the handler. */
  public <E> void project(
      String tag, Supplier<JdbcHandler<EventEnvelope<E>, PooledJdbcSession>> handler) {
    system.systemActorOf(
        ProjectionBehavior.create(
            TaggedProjection.of(system, () -> new PooledJdbcSession(pool), "test", tag, handler)),
        "projection-" + tag,
        Props.empty());
  }

  /** The same with a handler of whole groups, under its own projection name. */
  public <E> void projectGroups(
      String tag, Supplier<JdbcHandler<List<EventEnvelope<E>>, PooledJdbcSession>> handler) {
    system.systemActorOf(
        ProjectionBehavior.create(
            TaggedProjection.ofGroups(
                system, () -> new PooledJdbcSession(pool), "test-groups", tag, handler)),
        "projection-groups-" + tag,
        Props.empty());
  }

  /** Journals a submission's receipt as intake does: without starting its entity. */
  public SubmissionView receive(Submission.SubmissionReceived received) throws Exception {
    return SubmissionReceipts.create(system)
        .record(received)
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }

  public <C> ActorRef<C> entity(Behavior<C> behavior, String name) {
    return system.systemActorOf(behavior, name, Props.empty());
  }

  /** Asks the entity and waits for its success. */
  public <T, C> T ask(ActorRef<C> entity, Function<ActorRef<StatusReply<T>>, C> command)
      throws Exception {
    return AskPattern.<C, StatusReply<T>>ask(entity, command::apply, TIMEOUT, system.scheduler())
        .toCompletableFuture()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .getValue();
  }

  /** Reads until the answer is as expected (read sides are a moment behind), or gives the last. */
  public static <T> T eventually(Callable<T> read, Predicate<T> expected) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    T answer = read.call();
    while (!expected.test(answer) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      answer = read.call();
    }
    return answer;
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    pool.close();
    jdbc.shutdown();
    if (postgres != null) {
      postgres.close();
    }
  }
}
