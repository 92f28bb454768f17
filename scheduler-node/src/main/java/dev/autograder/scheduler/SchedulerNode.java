package dev.autograder.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.autograder.NodeConfig;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.autograder.api.ApiServer;
import dev.autograder.assignment.Assignment;
import dev.autograder.blob.BlobStore;
import dev.autograder.blob.Database;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.intake.ClusterGradingDesk;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.submission.ShardedSubmissionLedger;
import dev.autograder.submission.Submission;
import dev.autograder.submission.SubmissionArchive;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler node (roles scheduler and api): the persistent entities, the scheduler singleton
 * (on the oldest scheduler node), and the HTTP API.
 */
public final class SchedulerNode {
  private static final Logger log = LoggerFactory.getLogger(SchedulerNode.class);

  private SchedulerNode() {}

  public static void main(String[] args) throws Exception {
    start(NodeConfig.load("autograder-scheduler.conf", "autograder-http.conf"));
  }

  public static ActorSystem<Void> start(Config loaded) throws Exception {
    Config config = Database.withPersistence(loaded.withValue("pekko.cluster.roles",
        ConfigValueFactory.fromIterable(List.of("scheduler", "api"))));
    if (config.getString("autograder.cluster.secret").isBlank()) {
      throw new IllegalStateException("autograder.cluster.secret is empty: set AUTOGRADER_CLUSTER_SECRET");
    }
    FlavourCatalog flavours = FlavourCatalog.fromConfig(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "autograder", config);
    try {
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      HikariDataSource dataSource = Database.dataSource(config);
      system.getWhenTerminated().thenRun(dataSource::close);
      var jdbc = system.dispatchers().lookup(DispatcherSelector.fromConfig("autograder.jdbc-dispatcher"));
      BlobStore blobs = new BlobStore(dataSource, jdbc, Database.isPostgres(config));
      blobs.createTableIfMissing();

      ClusterSharding sharding = ClusterSharding.get(system);
      sharding.init(Entity.of(Submission.TYPE_KEY, ctx -> Submission.create(ctx.getEntityId())).withRole("scheduler"));
      sharding.init(Entity.of(Assignment.TYPE_KEY, ctx -> Assignment.create(ctx.getEntityId())).withRole("scheduler"));

      Duration askTimeout = config.getDuration("autograder.scheduler.ask-timeout");
      var settings = new SchedulerActor.Settings(flavours.all(), config.getString("autograder.http.public-url"),
          config.getInt("autograder.scheduler.max-attempts"));
      ActorRef<SchedulerCommand> scheduler = ClusterSingleton.get(system).init(
          SingletonActor.of(SchedulerActor.create(settings, new ShardedSubmissionLedger(sharding, askTimeout)), "scheduler")
              .withSettings(ClusterSingletonSettings.create(system).withRole("scheduler")));

      ObjectMapper json = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
      var archive = new SubmissionArchive(config.getInt("autograder.submission.max-files"),
          config.getBytes("autograder.submission.max-bytes"));
      var desk = new ClusterGradingDesk(system, scheduler, blobs, flavours, archive, json, askTimeout);
      var binding = ApiServer.start(system, desk).toCompletableFuture().get(30, TimeUnit.SECONDS);
      log.info("autograder API listening on {} (public URL {})", binding.localAddress(),
          config.getString("autograder.http.public-url"));
      return system;
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }
}
