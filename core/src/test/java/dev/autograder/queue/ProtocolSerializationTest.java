package dev.autograder.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.autograder.NodeConfig;
import dev.autograder.blob.BlobChunk;
import dev.autograder.blob.BlobCommand;
import dev.autograder.course.rules.AssignmentRules;
import dev.autograder.course.rules.AssignmentSetup;
import dev.autograder.course.rules.CountedSubmission;
import dev.autograder.course.rules.Lateness;
import dev.autograder.course.rules.SubmissionLimit;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.GroupResult;
import dev.autograder.grading.LeaderboardEntry;
import dev.autograder.grading.ScoreAdjustment;
import dev.autograder.grading.SetupReport;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that crosses nodes goes through Jackson CBOR and comes back equal. */
class ProtocolSerializationTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0")
              .withFallback(NodeConfig.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void theSchedulerRunnerProtocolRoundTripsThroughCbor() {
    SerializationTestKit serialization = new SerializationTestKit(testKit.system());
    TestProbe<RunnerMessage> runner = testKit.createTestProbe();
    TestProbe<BlobCommand> blobs = testKit.createTestProbe();
    TestProbe<StatusReply<BlobChunk>> reader = testKit.createTestProbe();
    TestProbe<HeldJobs> held = testKit.createTestProbe();
    GradingJob job =
        new GradingJob(
            "s1",
            "a1",
            "ada",
            "default",
            "a".repeat(64),
            "b".repeat(64),
            2,
            Instant.parse("2026-11-23T10:00:00Z"),
            JobPriority.REGRADE);
    JobLease lease = new JobLease(job, "runner-1/1", blobs.ref(), 10_000);
    GradingResult result =
        new GradingResult(
            Verdict.WRONG_ANSWER,
            1.5,
            3,
            "warning: x",
            List.of(
                new TestVerdict(
                    "t1",
                    "1.1",
                    Verdict.ACCEPTED,
                    1.5,
                    1.5,
                    12,
                    10,
                    2048,
                    0,
                    0,
                    Visibility.VISIBLE,
                    "",
                    List.of("io")),
                new TestVerdict(
                    "t2",
                    "",
                    Verdict.WRONG_ANSWER,
                    0,
                    1.5,
                    40,
                    38,
                    4096,
                    137,
                    9,
                    Visibility.AFTER_DUE_DATE,
                    "line 1:\n  expected: \"é\"",
                    List.of())),
            "overall",
            Visibility.VISIBLE,
            "harness log",
            Visibility.HIDDEN,
            900,
            "{\"k\":1}",
            List.of(new LeaderboardEntry("time", "1.5", true)),
            List.of(new GroupResult("secret/group1", Verdict.ACCEPTED, 1.5, 1.5)),
            null);
    List<Object> messages =
        List.of(
            new SchedulerCommand.RequestJob("default", "runner-1/1", 4, runner.ref()),
            new SchedulerCommand.RenewLease(
                lease, new Progress(Progress.Phase.TESTING, 3, 10), runner.ref()),
            new JobStatus("s1", JobStatus.State.WAITING, 7, 12_000, 2, null, null),
            new QueuesStatus(
                List.of(
                    new FlavourStatus(
                        "default",
                        3,
                        2,
                        1,
                        2,
                        1,
                        3,
                        4000,
                        5000,
                        10_000,
                        new WaitPercentiles(10, 90, 990, 1000)))),
            new Admission.QueueFull("default", 10_000, 12),
            new Admission.TooManyQueued("default", "ada", 20, 20, 45),
            new SchedulerCommand.JobDeclined(lease, runner.ref()),
            new SchedulerCommand.JobFinished(lease, result, runner.ref()),
            new RunnerMessage.JobOffered(lease),
            new RunnerMessage.ResultRecorded("s1", 2),
            new BlobCommand.ReadChunk("a".repeat(64), 262_144, reader.ref()),
            new SchedulerCommand.GetHeldJobs(
                "default", "pekko://autograder@10.0.0.7:25520", held.ref()),
            new HeldJobs(List.of(job)),
            new SubmissionView(
                "s1",
                "a1",
                "c1",
                "default",
                "ada",
                List.of("main.py"),
                SubmissionStatus.GRADED,
                2,
                Instant.parse("2026-11-23T10:00:00Z"),
                Optional.of(Instant.parse("2026-11-23T10:00:05Z")),
                Optional.of(result),
                List.of(
                    new SubmissionView.Attempt(1, "r/1", Instant.parse("2026-11-23T10:00:01Z"))),
                Optional.of(
                    new JobStatus(
                        "s1",
                        JobStatus.State.RUNNING,
                        0,
                        0,
                        1,
                        new Progress(Progress.Phase.COMPILING, 0, 3),
                        "r/1")),
                new Lateness(2, 20),
                2,
                "batch-1",
                false,
                new ScoreAdjustment(
                    ScoreAdjustment.Mode.ADD,
                    1.5,
                    "well argued",
                    "tess",
                    Instant.parse("2026-11-24T09:00:00Z")),
                Instant.parse("2026-11-23T11:00:00Z")),
            new AssignmentRules(
                "Say hello",
                null,
                Instant.parse("2026-11-23T17:00:00Z"),
                null,
                10,
                new SubmissionLimit(5, 24),
                Visibility.AFTER_DUE_DATE,
                true,
                false,
                CountedSubmission.BEST),
            new RunnerMessage.JobOffered(
                new JobLease(
                    job.withTimeLimitMillis(2000)
                        .withMetadata(
                            new SubmissionMetadata(
                                "Hello",
                                "c1",
                                null,
                                Instant.parse("2026-11-30T17:00:00Z"),
                                null,
                                10,
                                "ada",
                                List.of(
                                    new SubmissionMetadata.Previous(
                                        Instant.parse("2026-11-22T10:00:00Z"), null, true)))),
                    "runner-1/1",
                    blobs.ref(),
                    10_000)),
            new SchedulerCommand.JobFinished(
                new JobLease(
                    GradingJob.setupCheck(
                        "a1", 3, "default", "c".repeat(64), Instant.parse("2026-11-23T10:00:00Z")),
                    "runner-1/1",
                    blobs.ref(),
                    10_000),
                new SetupReport(
                        false,
                        "time limit: 1000 ms",
                        1000,
                        List.of("submissions/accepted/a.kt skipped"),
                        List.of(
                            new SetupReport.SolutionRun(
                                "submissions/wrong_answer/w.py",
                                Verdict.ACCEPTED,
                                12,
                                false,
                                "passed every test case"),
                            new SetupReport.SolutionRun(
                                "submissions/accepted/a.kt", null, 0, true, "skipped")))
                    .asResult(),
                runner.ref()),
            new AssignmentSetup(
                AssignmentSetup.Status.FAILED,
                3,
                SetupReport.failed("setup.sh: exit 3"),
                Instant.parse("2026-11-23T10:00:09Z")));
    for (Object m : messages) {
      String serializer =
          SerializationExtension.get(testKit.system())
              .findSerializerFor(m)
              .getClass()
              .getSimpleName();
      assertEquals("JacksonCborSerializer", serializer, m.getClass().getName());
      assertEquals(m, serialization.verifySerialization(m, true), m.getClass().getName());
    }
  }

  @Test
  void aBlobChunkAndItsReplyRoundTripWithEveryByte() {
    Serialization serialization = SerializationExtension.get(testKit.system());
    byte[] bytes = new byte[BlobChunk.MAX_BYTES];
    new Random(15).nextBytes(bytes);
    BlobChunk chunk = new BlobChunk(bytes, 262_144, 600_000);
    StatusReply<BlobChunk> reply = StatusReply.success(chunk);
    byte[] wire = serialization.serialize(reply).get();
    assertTrue(
        wire.length < BlobChunk.MAX_BYTES + 1024, "little more than the bytes: " + wire.length);
    @SuppressWarnings("unchecked")
    BlobChunk back =
        ((StatusReply<BlobChunk>)
                serialization
                    .deserialize(
                        wire,
                        serialization.findSerializerFor(reply).identifier(),
                        Serializers.manifestFor(serialization.findSerializerFor(reply), reply))
                    .get())
            .getValue();
    assertArrayEquals(bytes, back.bytes());
    assertEquals(chunk.offset(), back.offset());
    assertEquals(chunk.totalSize(), back.totalSize());
  }
}
