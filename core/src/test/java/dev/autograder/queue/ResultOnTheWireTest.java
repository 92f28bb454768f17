package dev.autograder.queue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.autograder.NodeConfig;
import dev.autograder.blob.BlobCommand;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ResultBudget;
import dev.autograder.grading.TestVerdict;
import dev.autograder.grading.Verdict;
import dev.autograder.grading.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A bounded result fits in one Artery frame, measured with the cluster's own serialization. */
class ResultOnTheWireTest {
  private static final Config CONFIG =
      ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0")
          .withFallback(NodeConfig.load());
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aResultOverTheFrameBoundedByTheConfiguredBudgetTravelsInOneFrame() {
    long frame = CONFIG.getBytes("pekko.remote.artery.advanced.maximum-frame-size");
    ResultBudget budget = ResultBudget.fromConfig(CONFIG);
    TestProbe<RunnerMessage> runner = testKit.createTestProbe();
    JobLease lease =
        new JobLease(
            new GradingJob(
                "s-15",
                "a1",
                "ada",
                "default",
                "a".repeat(64),
                "b".repeat(64),
                2,
                Instant.now(),
                JobPriority.INTERACTIVE),
            "runner-1/2",
            testKit.<BlobCommand>createTestProbe().ref(),
            10_000);
    // Over the frame as the tester's was: 250 tests with about 5,000 characters of feedback each.
    String stderr = "Traceback (most recent call last):\n" + "ValueError: boom\n".repeat(5000 / 17);
    GradingResult full =
        new GradingResult(
            Verdict.RUNTIME_ERROR,
            0,
            250,
            "",
            IntStream.rangeClosed(1, 250)
                .mapToObj(
                    i ->
                        new TestVerdict(
                            "test " + i,
                            "",
                            Verdict.RUNTIME_ERROR,
                            0,
                            1,
                            300,
                            25,
                            9000,
                            1,
                            0,
                            Visibility.VISIBLE,
                            "exit code 1\n" + stderr,
                            List.of()))
                .toList(),
            "",
            Visibility.VISIBLE,
            "",
            Visibility.HIDDEN,
            90_000,
            "",
            List.of());
    Serialization serialization = SerializationExtension.get(testKit.system());

    int unbounded =
        serialization
            .serialize(new SchedulerCommand.JobFinished(lease, full, runner.ref()))
            .get()
            .length;
    assertTrue(
        unbounded > frame,
        "without the bound the message is over the frame: " + unbounded + " bytes");

    GradingResult bounded = budget.bound(full);
    int message =
        serialization
            .serialize(new SchedulerCommand.JobFinished(lease, bounded, runner.ref()))
            .get()
            .length;
    assertTrue(
        ResultBudget.sizeOf(bounded) <= budget.bytes(),
        "the result takes " + ResultBudget.sizeOf(bounded));
    assertTrue(
        message - ResultBudget.sizeOf(bounded) < 2048,
        "the budget measures the result as the cluster serializes it: the message takes "
            + message
            + " bytes");
    assertTrue(
        message <= budget.bytes() + ResultBudget.ENVELOPE_BYTES,
        "JobFinished takes " + message + " bytes");
    assertTrue(message < frame);
    System.out.printf(
        "250 failing tests: %d bytes unbounded, %d bounded (JobFinished %d) with a budget of %d%n",
        unbounded, ResultBudget.sizeOf(bounded), message, budget.bytes());
  }
}
