package dev.autograder.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.queue.Telemetry;
import dev.autograder.sandbox.EngineCallTimes;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A runner node's health reports, with an engine the test controls. */
class HealthReportsTest {
  private static final String ADDRESS = "pekko://autograder@10.0.0.7:2552";
  private static final Duration EVERY = Duration.ofMillis(300);

  private final ActorTestKit testKit = ActorTestKit.create();
  private final ExecutorService sandboxThreads = Executors.newFixedThreadPool(4);
  private final TestProbe<SchedulerCommand> scheduler = testKit.createTestProbe();

  /**
   * While set, the engine's ping blocks until it is counted down: an engine that stopped answering.
   */
  private volatile CountDownLatch hung;

  private final AtomicInteger pings = new AtomicInteger();
  private final EngineCallTimes calls = new EngineCallTimes();

  private final NodeHealthProbe.SandboxEngine engine =
      new NodeHealthProbe.SandboxEngine() {
        @Override
        public long pingMillis() {
          pings.incrementAndGet();
          CountDownLatch latch = hung;
          if (latch != null) {
            try {
              latch.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return 7;
        }

        @Override
        public int runningContainers() {
          return 2;
        }

        @Override
        public List<Telemetry.HistogramSample> callTimes() {
          return calls.samples();
        }
      };

  @AfterEach
  void stop() {
    if (hung != null) {
      hung.countDown();
    }
    testKit.shutdownTestKit();
    sandboxThreads.shutdownNow();
  }

  private void start(long minDiskFreeBytes) {
    testKit
        .system()
        .receptionist()
        .tell(Receptionist.register(SchedulerCommand.SERVICE_KEY, scheduler.ref()));
    NodeHealthProbe probe =
        new NodeHealthProbe(
            "runner-7",
            "small",
            2,
            new File(System.getProperty("java.io.tmpdir")),
            new NodeHealthProbe.Limits(2000, minDiskFreeBytes),
            engine);
    testKit.spawn(HealthReports.create(probe, ADDRESS, sandboxThreads, EVERY));
  }

  private NodeHealth nextReport() {
    return scheduler
        .expectMessageClass(SchedulerCommand.ReportHealth.class, Duration.ofSeconds(3))
        .health();
  }

  @Test
  void aNodeReportsItsMeasuresAndTheEnginesAnswerToTheScheduler() {
    calls.observe("create", 40);
    calls.observe("create", 300);
    start(1);
    NodeHealth health = nextReport();
    assertEquals("runner-7", health.node());
    assertEquals(ADDRESS, health.address());
    assertEquals(2, health.slots());
    assertEquals(7, health.engineMillis());
    assertEquals(2, health.runningContainers());
    assertTrue(health.diskFreeBytes() > 0);
    assertTrue(health.memoryTotalBytes() > 0);
    assertNull(health.problem());
    Telemetry.HistogramSample creates = health.engineCalls().get(0);
    assertEquals(Map.of("call", "create"), creates.labels());
    assertEquals(2, creates.count());
    assertEquals(0.34, creates.sumSeconds(), 1e-9);
    int at50ms = NodeHealth.ENGINE_CALL_BOUNDS.indexOf(0.05);
    assertEquals(1, creates.buckets().get(at50ms), "one call at or under 50 ms");
    assertEquals(2, creates.buckets().get(at50ms + 3), "both at or under 500 ms");
  }

  @Test
  void aNodeNeedingMoreDiskThanItHasReportsItselfUnhealthy() {
    start(Long.MAX_VALUE);
    assertTrue(nextReport().problem().contains("of disk free"));
  }

  @Test
  void anEngineThatStopsAnsweringIsReportedSoWithOneCallHeldAndIsHealthyOnceItAnswers() {
    hung = new CountDownLatch(1);
    start(1);
    for (int i = 0; i < 3; i++) {
      NodeHealth health = nextReport();
      assertEquals(-1, health.engineMillis());
      assertTrue(health.problem().contains("does not answer"), health.problem());
    }
    assertEquals(1, pings.get(), "a hung engine is not asked again while its call is held");
    hung.countDown();
    scheduler.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          assertNull(nextReport().problem());
          return null;
        });
  }
}
