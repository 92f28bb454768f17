package dev.autograder.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.autograder.NodeConfig;
import dev.autograder.account.Account;
import dev.autograder.account.AccountsTable;
import dev.autograder.account.ClusterIdentity;
import dev.autograder.account.ClusterSignInGuard;
import dev.autograder.account.CredentialsTable;
import dev.autograder.account.PasswordHash;
import dev.autograder.account.RegisteredUsernames;
import dev.autograder.account.SignInBucket;
import dev.autograder.account.SignInBucketKey;
import dev.autograder.account.SiteAdmin;
import dev.autograder.api.ApiServer;
import dev.autograder.audit.AuditLogTable;
import dev.autograder.blob.BlobCommand;
import dev.autograder.course.Assignment;
import dev.autograder.course.Course;
import dev.autograder.course.EnrolmentsTable;
import dev.autograder.course.SubmissionAllowance;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grading.ResultBudget;
import dev.autograder.office.ClusterCourseOffice;
import dev.autograder.office.ClusterGradingDesk;
import dev.autograder.port.SignInThrottle;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.scheduler.FlavourQueue;
import dev.autograder.scheduler.GradingTelemetry;
import dev.autograder.scheduler.SchedulerActor;
import dev.autograder.storage.BlobServer;
import dev.autograder.storage.BlobStore;
import dev.autograder.storage.Database;
import dev.autograder.storage.H2Backups;
import dev.autograder.storage.PooledJdbcSession;
import dev.autograder.storage.SqlStore;
import dev.autograder.storage.TaggedProjection;
import dev.autograder.submission.PendingJobsTable;
import dev.autograder.submission.RunRefunds;
import dev.autograder.submission.ShardedSubmissionLedger;
import dev.autograder.submission.Submission;
import dev.autograder.submission.SubmissionReceipts;
import dev.autograder.submission.SubmissionsProjection;
import dev.autograder.submission.SubmissionsTable;
import dev.autograder.submission.archive.SubmissionArchive;
import dev.autograder.trust.ClusterCredentials;
import dev.autograder.trust.RoleProof;
import dev.autograder.trust.RoleVetting;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler node (roles scheduler and api): the persistent entities, the scheduler singleton (on
 * the oldest scheduler node), and the HTTP API.
 */
public final class SchedulerNode {
  private static final Logger log = LoggerFactory.getLogger(SchedulerNode.class);

  private SchedulerNode() {}

  public static void main(String[] args) throws Exception {
    start(NodeConfig.load("autograder-scheduler.conf", "autograder-http.conf"));
  }

  /**
   * The read side: one projection per tagged entity type and read table, each once in the cluster,
   * on a scheduler node.
   */
  private static void startReadSide(ActorSystem<Void> system, HikariDataSource dataSource)
      throws Exception {
    Supplier<PooledJdbcSession> sessions = () -> new PooledJdbcSession(dataSource);
    JdbcProjection.createTablesIfNotExists(sessions, system)
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    List<Projection<?>> projections =
        List.of(
            TaggedProjection.ofGroups(
                system, sessions, "submissions", Submission.TAG, SubmissionsProjection::new),
            TaggedProjection.of(
                system, sessions, "accounts", Account.TAG, AccountsTable.Projection::new),
            TaggedProjection.of(
                system, sessions, "courses", Course.TAG, EnrolmentsTable.Projection::new));
    run(system, "read-side", projections);
    // A daemon process of its own: one of the older nodes of a rolling upgrade, hosting a worker
    // of a longer "read-side" list, would have no projection for it.
    run(
        system,
        "audit-log",
        List.of(
            TaggedProjection.of(
                system, sessions, "audit-courses", Course.TAG, AuditLogTable.CourseProjection::new),
            TaggedProjection.of(
                system,
                sessions,
                "audit-assignments",
                Assignment.TAG,
                AuditLogTable.AssignmentProjection::new),
            TaggedProjection.ofGroups(
                system,
                sessions,
                "audit-submissions",
                Submission.TAG,
                AuditLogTable.SubmissionProjection::new)));
    // Its own daemon process too, for the same reason: it came after the three above.
    run(
        system,
        "audit-accounts",
        List.of(
            TaggedProjection.of(
                system,
                sessions,
                "audit-accounts",
                Account.TAG,
                AuditLogTable.AccountProjection::new)));
  }

  /** Each projection once in the cluster, on a scheduler node. */
  private static void run(ActorSystem<Void> system, String name, List<Projection<?>> projections) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            name,
            projections.size(),
            i -> ProjectionBehavior.create(projections.get(i)),
            ShardedDaemonProcessSettings.create(system).withRole("scheduler"),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  public static ActorSystem<Void> start(Config loaded) throws Exception {
    Config config =
        Database.withPersistence(
            loaded.withValue(
                "pekko.cluster.roles",
                ConfigValueFactory.fromIterable(List.of("scheduler", "api"))));
    ClusterCredentials.require(config);
    ResultBudget resultBudget = ResultBudget.fromConfig(config);
    FlavourCatalog flavours = FlavourCatalog.fromConfig(config);
    long compactStart = System.nanoTime();
    Database.compactOnStart(config)
        .ifPresent(
            sizes ->
                log.info(
                    "H2 file compacted from {} to {} bytes in {} ms",
                    sizes[0],
                    sizes[1],
                    (System.nanoTime() - compactStart) / 1_000_000));
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "autograder", RoleProof.attach(config));
    RoleVetting.start(system);
    try {
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      HikariDataSource dataSource = Database.dataSource(config);
      system.getWhenTerminated().thenRun(dataSource::close);
      var jdbc =
          system.dispatchers().lookup(DispatcherSelector.fromConfig("autograder.jdbc-dispatcher"));
      BlobStore blobs = new BlobStore(dataSource, jdbc, Database.isPostgres(config));
      blobs.createTableIfMissing();
      if (!Database.isPostgres(config)) {
        H2Backups backups =
            new H2Backups(dataSource, Path.of(config.getString("autograder.data-dir")));
        Duration poll = config.getDuration("autograder.database.h2-backup-poll-interval");
        system.scheduler().scheduleWithFixedDelay(poll, poll, backups::serveRequests, jdbc);
      }

      SqlStore sql = new SqlStore(dataSource, jdbc);
      PendingJobsTable pending = new PendingJobsTable(dataSource, jdbc);
      pending.createTableIfMissing();
      SubmissionsTable submissions = new SubmissionsTable(sql);
      submissions.createTableIfMissing();
      AccountsTable accounts = new AccountsTable(sql);
      accounts.createTableIfMissing();
      EnrolmentsTable enrolments = new EnrolmentsTable(sql);
      enrolments.createTableIfMissing();
      AuditLogTable audit = new AuditLogTable(sql);
      audit.createTableIfMissing();
      CredentialsTable credentials = new CredentialsTable(sql);
      credentials.createTableIfMissing();
      startReadSide(system, dataSource);

      ClusterSharding sharding = ClusterSharding.get(system);
      RunRefunds refunds =
          (assignmentId, student, submissionId, practice) ->
              sharding
                  .entityRefFor(
                      SubmissionAllowance.TYPE_KEY,
                      practice
                          ? SubmissionAllowance.practiceEntityId(assignmentId, student)
                          : SubmissionAllowance.entityId(assignmentId, student))
                  .tell(new SubmissionAllowance.ReturnRun(submissionId, java.time.Instant.now()));
      Submission.init(system, refunds);
      Assignment.init(system);
      Account.init(system);
      Course.init(system);
      SubmissionAllowance.init(system);
      Config signIn = config.getConfig("autograder.accounts.sign-in");
      int signInBuckets = signIn.getInt("buckets");
      SignInBucket.init(
          system, () -> SignInThrottle.fromConfig(config, signInBuckets, Clock.systemUTC()));
      var signInGuard =
          new ClusterSignInGuard(
              sharding,
              signInBuckets,
              SignInBucketKey.loadOrCreate(dataSource),
              signIn.getDuration("ask-timeout"));

      Config scheduling = config.getConfig("autograder.scheduler");
      Duration askTimeout = scheduling.getDuration("ask-timeout");
      ObjectMapper json =
          JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
      // Leases name this node's blob server: the queues run on the singleton's node.
      ActorRef<BlobCommand> blobServer =
          system.systemActorOf(
              BlobServer.create(
                  blobs,
                  json,
                  new BlobServer.Settings(
                      askTimeout, config.getDuration("autograder.blob-server.grant-ttl"))),
              "blob-server",
              Props.empty());
      Map<String, FlavourQueue.Settings> queues = new TreeMap<>();
      for (String flavour : flavours.all().keySet()) {
        queues.put(
            flavour,
            new FlavourQueue.Settings(
                flavour,
                blobServer,
                scheduling.getInt("max-attempts"),
                scheduling.getInt("max-queued-per-flavour"),
                scheduling.getDuration("lease-ttl"),
                scheduling.getDuration("reservation-ttl"),
                scheduling.getDuration("reconcile-every"),
                scheduling.getDuration("idle-runner-ttl"),
                scheduling.getInt("max-runner-losses"),
                scheduling.getInt("max-queued-per-student")));
      }
      var settings =
          new SchedulerActor.Settings(
              queues,
              scheduling.getDuration("down-unreachable-runners-after"),
              new GradingTelemetry.Settings(
                  scheduling.getDuration("history-interval"),
                  scheduling.getDuration("history-keep"),
                  scheduling.getDuration("forget-silent-nodes-after")));
      ActorRef<SchedulerCommand> scheduler =
          ClusterSingleton.get(system)
              .init(
                  SingletonActor.of(
                          SchedulerActor.create(
                              settings,
                              new ShardedSubmissionLedger(sharding, askTimeout, resultBudget),
                              pending),
                          "scheduler")
                      .withSettings(ClusterSingletonSettings.create(system).withRole("scheduler")));

      var archive =
          new SubmissionArchive(
              config.getInt("autograder.submission.max-files"),
              config.getBytes("autograder.submission.max-bytes"));
      Config accountSettings = config.getConfig("autograder.accounts");
      var hashing =
          system
              .dispatchers()
              .lookup(DispatcherSelector.fromConfig("autograder.password-dispatcher"));
      var identity =
          new ClusterIdentity(
              sharding,
              credentials,
              accounts,
              new RegisteredUsernames(sql, config.getConfig("jdbc-journal.tables.event_journal")),
              new PasswordHash(accountSettings.getInt("password-hash-iterations")),
              hashing,
              accountSettings.getDuration("session-ttl"),
              accountSettings.getDuration("token-ttl"),
              askTimeout,
              system.executionContext());
      var office =
          new ClusterCourseOffice(
              sharding,
              identity,
              accounts,
              enrolments,
              submissions,
              audit,
              blobs,
              flavours,
              json,
              askTimeout,
              scheduler,
              system.ignoreRef(),
              system.executionContext());
      var desk =
          new ClusterGradingDesk(
              system,
              scheduler,
              blobs,
              SubmissionReceipts.create(system),
              submissions,
              sql,
              archive,
              askTimeout,
              config.getInt("autograder.practice.per-hour"));
      SiteAdmin.ensure(identity, config, system);
      system
          .scheduler()
          .scheduleAtFixedRate(
              java.time.Duration.ofMinutes(1),
              java.time.Duration.ofMinutes(10),
              () -> credentials.deleteExpired(java.time.Instant.now()),
              system.executionContext());
      var binding =
          ApiServer.start(system, identity, office, desk, signInGuard)
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      log.info(
          "autograder API listening on {} (public URL {})",
          binding.localAddress(),
          config.getString("autograder.http.public-url"));
      return system;
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }
}
