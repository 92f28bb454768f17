package dev.autograder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.autograder.assignment.Assignment;
import dev.autograder.course.Course;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.CourseRole;
import dev.autograder.course.rules.Extension;
import dev.autograder.course.rules.Lateness;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.grading.Visibility;
import dev.autograder.queue.JobPriority;
import dev.autograder.submission.Submission;
import dev.autograder.submission.view.SubmissionView;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Journals written before the values nested in events moved package (issue 18: core's course rules
 * to {@code course.rules}, {@code SubmissionView} to {@code submission.view}) still read: the
 * journal names only the event's class, which stayed, and the values inside carry no class name.
 * The bytes below are what those events serialized to before the moves.
 */
class JournalFromBeforeThePackageMovesTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0")
              .withFallback(NodeConfig.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private record Stored(Object event, String bytes) {}

  @Test
  void eventsWrittenBeforeTheirValuesMovedPackageStillRead() {
    List<Stored> journal =
        List.of(
            new Stored(
                new Assignment.AssignmentCreated(
                    "a1",
                    "c1",
                    "Sorting",
                    "default",
                    "spec-hash",
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
                        CountedSubmission.BEST),
                    AT,
                    "teacher"),
                "v2xhc3NpZ25tZW50SWRiYTFoY291cnNlSWRiYzFldGl0bGVnU29ydGluZ2dmbGF2b3VyZ2RlZmF1bHRoc3BlY0hhc2hpc3BlYy1oYXNoZXJ1bGVzv2tkZXNjcmlwdGlvbmdTb3J0IGl0Z29wZW5zQXR0MjAyNi0xMS0yM1QxMDowMDowMFplZHVlQXR0MjAyNi0xMS0yNFQxMDowMDowMFppbGF0ZVVudGlsdDIwMjYtMTEtMjVUMTA6MDA6MDBaeBhsYXRlUGVuYWx0eVBlcmNlbnRQZXJEYXn7QCQAAAAAAABvc3VibWlzc2lvbkxpbWl0v2Vjb3VudAVrd2luZG93SG91cnMYGP9xZGVmYXVsdFZpc2liaWxpdHluQUZURVJfRFVFX0RBVEVpcHVibGlzaGVk9W9ncmFkZXNQdWJsaXNoZWT0cWNvdW50ZWRTdWJtaXNzaW9uZEJFU1T/YmF0dDIwMjYtMTEtMjNUMTA6MDA6MDBaZWFjdG9yZ3RlYWNoZXL/"),
            new Stored(
                new Assignment.ExtensionGranted(
                    new Extension("ada", AT.plusSeconds(3_600), null), AT, "teacher"),
                "v2lleHRlbnNpb26/aHVzZXJuYW1lY2FkYWVkdWVBdHQyMDI2LTExLTIzVDExOjAwOjAwWmlsYXRlVW50aWz2/2JhdHQyMDI2LTExLTIzVDEwOjAwOjAwWmVhY3Rvcmd0ZWFjaGVy/w=="),
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
    Serialization serialization = SerializationExtension.get(testKit.system());
    for (Stored stored : journal) {
      var serializer = serialization.findSerializerFor(stored.event());
      String manifest = Serializers.manifestFor(serializer, stored.event());
      assertEquals(stored.event().getClass().getName(), manifest, "the journal's manifest");
      Object read =
          serialization
              .deserialize(
                  Base64.getDecoder().decode(stored.bytes()), serializer.identifier(), manifest)
              .get();
      assertEquals(stored.event(), read, manifest + " as stored before the moves");
    }
  }
}
