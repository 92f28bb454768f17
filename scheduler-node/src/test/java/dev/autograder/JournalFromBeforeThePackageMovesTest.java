package dev.autograder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.autograder.course.Assignment;
import dev.autograder.course.Course;
import dev.autograder.course.MovedFromAssignmentPackage;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.Lateness;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.grading.Visibility;
import dev.autograder.queue.JobPriority;
import dev.autograder.storage.Database;
import dev.autograder.storage.ReadSideHarness;
import dev.autograder.submission.Submission;
import dev.autograder.submission.view.SubmissionView;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Journals written before the package moves of issue 18 still read. The values nested in events
 * (core's course rules, now {@code course.rules}; {@code SubmissionView}, now {@code
 * submission.view}) carry no class name, so their moves change nothing. The Assignment entity
 * itself moved from {@code dev.autograder.assignment} to {@code course}, and the journal names its
 * events by class: those old names go through {@link MovedFromAssignmentPackage}. The bytes below
 * are what the events serialized to before the moves.
 */
class JournalFromBeforeThePackageMovesTest {
  private static final String SCHEDULER = "autograder-scheduler.conf";
  private static final String OLD_ASSIGNMENT = "dev.autograder.assignment.Assignment$";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final AssignmentRules RULES =
      new AssignmentRules(
          "Sort it",
          AT,
          AT.plusSeconds(86_400),
          AT.plusSeconds(172_800),
          10.0,
          new SubmissionLimit(5, 24),
          Visibility.AFTER_DUE_DATE,
          true,
          false,
          CountedSubmission.BEST);
  private static final Assignment.AssignmentCreated CREATED =
      new Assignment.AssignmentCreated(
          "a1", "c1", "Sorting", "default", "spec-hash", RULES, AT, "teacher");
  private static final String CREATED_BYTES =
      "v2xhc3NpZ25tZW50SWRiYTFoY291cnNlSWRiYzFldGl0bGVnU29ydGluZ2dmbGF2b3VyZ2RlZmF1bHRoc3BlY0hhc2hpc3BlYy1oYXNoZXJ1bGVzv2tkZXNjcmlwdGlvbmdTb3J0IGl0Z29wZW5zQXR0MjAyNi0xMS0yM1QxMDowMDowMFplZHVlQXR0MjAyNi0xMS0yNFQxMDowMDowMFppbGF0ZVVudGlsdDIwMjYtMTEtMjVUMTA6MDA6MDBaeBhsYXRlUGVuYWx0eVBlcmNlbnRQZXJEYXn7QCQAAAAAAABvc3VibWlzc2lvbkxpbWl0v2Vjb3VudAVrd2luZG93SG91cnMYGP9xZGVmYXVsdFZpc2liaWxpdHluQUZURVJfRFVFX0RBVEVpcHVibGlzaGVk9W9ncmFkZXNQdWJsaXNoZWT0cWNvdW50ZWRTdWJtaXNzaW9uZEJFU1T/YmF0dDIwMjYtMTEtMjNUMTA6MDA6MDBaZWFjdG9yZ3RlYWNoZXL/";
  private static final Assignment.ExtensionGranted GRANTED =
      new Assignment.ExtensionGranted(
          new Extension("ada", AT.plusSeconds(3_600), null), AT, "teacher");
  private static final String GRANTED_BYTES =
      "v2lleHRlbnNpb26/aHVzZXJuYW1lY2FkYWVkdWVBdHQyMDI2LTExLTIzVDExOjAwOjAwWmlsYXRlVW50aWz2/2JhdHQyMDI2LTExLTIzVDEwOjAwOjAwWmVhY3Rvcmd0ZWFjaGVy/w==";
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  "pekko.remote.artery.canonical.port = 0\npekko.coordinated-shutdown.exit-jvm = off")
              .withFallback(NodeConfig.load(SCHEDULER)));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private record Stored(Object event, String bytes) {}

  @Test
  void eventsWrittenBeforeTheirValuesMovedPackageStillRead() {
    List<Stored> journal =
        List.of(
            new Stored(CREATED, CREATED_BYTES),
            new Stored(GRANTED, GRANTED_BYTES),
            new Stored(
                new Course.MemberEnrolled("ada", CourseRole.TA, AT, "teacher"),
                "v2h1c2VybmFtZWNhZGFkcm9sZWJUQWJhdHQyMDI2LTExLTIzVDEwOjAwOjAwWmVhY3Rvcmd0ZWFjaGVy/w=="),
            new Stored(
                new Submission.SubmissionReceived(
                    "s1",
                    "a1",
                    "c1",
                    "ada",
                    "default",
                    "spec-hash",
                    "files-hash",
                    List.of("Main.java"),
                    JobPriority.INTERACTIVE,
                    new Lateness(2, 20.0),
                    AT,
                    "ada"),
                "v2xzdWJtaXNzaW9uSWRiczFsYXNzaWdubWVudElkYmExaGNvdXJzZUlkYmMxZ3N0dWRlbnRjYWRhZ2ZsYXZvdXJnZGVmYXVsdGhzcGVjSGFzaGlzcGVjLWhhc2hpZmlsZXNIYXNoamZpbGVzLWhhc2hlZmlsZXOBaU1haW4uamF2YWhwcmlvcml0eWtJTlRFUkFDVElWRWhsYXRlbmVzc79oZGF5c0xhdGUCbnBlbmFsdHlQZXJjZW50+0A0AAAAAAAA/2JhdHQyMDI2LTExLTIzVDEwOjAwOjAwWmVhY3RvcmNhZGH/"),
            new Stored(
                new Submission.AttemptEnded(1, SubmissionView.Ending.RUNNER_LOST, "node left", AT),
                "v2dhdHRlbXB0AWZlbmRpbmdrUlVOTkVSX0xPU1RmcmVhc29uaW5vZGUgbGVmdGJhdHQyMDI2LTExLTIzVDEwOjAwOjAwWv8="));
    for (Stored stored : journal) {
      String manifest = Serializers.manifestFor(serializerOf(stored.event()), stored.event());
      assertEquals(stored.event().getClass().getName(), manifest, "the journal's manifest");
      assertEquals(
          stored.event(), read(stored, manifest), manifest + " as stored before the moves");
    }
  }

  @Test
  void assignmentEventsJournaledUnderTheOldPackageReadAsTheMovedClasses() {
    assertEquals(
        CREATED, read(new Stored(CREATED, CREATED_BYTES), OLD_ASSIGNMENT + "AssignmentCreated"));
    assertEquals(
        GRANTED, read(new Stored(GRANTED, GRANTED_BYTES), OLD_ASSIGNMENT + "ExtensionGranted"));
    Map<String, Object> migrations =
        testKit
            .system()
            .settings()
            .config()
            .getConfig("pekko.serialization.jackson.migrations")
            .root()
            .unwrapped();
    for (Class<?> event : Assignment.Event.class.getPermittedSubclasses()) {
      String oldName = OLD_ASSIGNMENT + event.getSimpleName();
      assertEquals(
          MovedFromAssignmentPackage.class.getName(),
          migrations.get(oldName),
          "the migration of " + oldName + " in " + SCHEDULER);
      assertEquals(
          event.getName(), new MovedFromAssignmentPackage().transformClassName(1, oldName));
    }
  }

  /** The entity's journal on H2, its events renamed to their old classes, then started again. */
  @Test
  void anAssignmentJournaledUnderTheOldPackageRecoversAfterTheMove() throws Exception {
    Config node =
        ReadSideHarness.localNode(
            ConfigFactory.parseMap(
                Map.of(
                    "autograder.database.url",
                    "jdbc:h2:file:"
                        + Files.createTempDirectory("autograder-moved")
                        + "/db;DATABASE_TO_UPPER=false")));
    Assignment.Details written;
    ActorSystem<Void> before = start(node);
    try {
      ActorRef<Assignment.Command> assignment =
          before.systemActorOf(Assignment.create("a1"), "a1", Props.empty());
      ask(
          before,
          assignment,
          replyTo ->
              new Assignment.Create(
                  "c1", "Sorting", "default", "spec-hash", false, RULES, "teacher", AT, replyTo));
      written =
          ask(
              before,
              assignment,
              replyTo ->
                  new Assignment.GrantExtension(GRANTED.extension(), "teacher", AT, replyTo));
    } finally {
      stop(before);
    }
    try (var pool = Database.dataSource(node);
        var connection = pool.getConnection();
        var rename =
            connection.prepareStatement(
                "UPDATE \"event_journal\" SET \"event_ser_manifest\""
                    + " = REPLACE(\"event_ser_manifest\", ?, ?)")) {
      rename.setString(1, Assignment.class.getName() + "$");
      rename.setString(2, OLD_ASSIGNMENT);
      assertEquals(2, rename.executeUpdate(), "events journaled by the entity");
    }
    ActorSystem<Void> after = start(node);
    try {
      ActorRef<Assignment.Command> assignment =
          after.systemActorOf(Assignment.create("a1"), "a1", Props.empty());
      Assignment.Lookup recovered =
          AskPattern.<Assignment.Command, Assignment.Lookup>ask(
                  assignment, Assignment.Get::new, TIMEOUT, after.scheduler())
              .toCompletableFuture()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(Optional.of(written), recovered.assignment());
    } finally {
      stop(after);
    }
  }

  private static Serializer serializerOf(Object event) {
    return SerializationExtension.get(testKit.system()).findSerializerFor(event);
  }

  private static Object read(Stored stored, String manifest) {
    Serialization serialization = SerializationExtension.get(testKit.system());
    return serialization
        .deserialize(
            Base64.getDecoder().decode(stored.bytes()),
            serializerOf(stored.event()).identifier(),
            manifest)
        .get();
  }

  private static ActorSystem<Void> start(Config node) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "package-moves", node);
    SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    return system;
  }

  private static void stop(ActorSystem<Void> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Assignment.Details ask(
      ActorSystem<Void> system,
      ActorRef<Assignment.Command> entity,
      Function<ActorRef<StatusReply<Assignment.Details>>, Assignment.Command> command)
      throws Exception {
    return AskPattern.<Assignment.Command, StatusReply<Assignment.Details>>ask(
            entity, command::apply, TIMEOUT, system.scheduler())
        .toCompletableFuture()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .getValue();
  }
}
