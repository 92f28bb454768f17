package dev.autograder.bench;

import com.typesafe.config.ConfigFactory;
import dev.autograder.NodeConfig;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.Admission;
import dev.autograder.queue.FlavourStatus;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.scheduler.FlavourQueue;
import dev.autograder.scheduler.PendingJobs;
import dev.autograder.scheduler.SubmissionLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The scheduler's own cost, with a no-op sandbox: one flavour queue, 1,000 runner slots that finish
 * every job at once, and (1) 100,000 queued jobs drained: jobs per second and the heap they take
 * while queued; (2) jobs arriving while slots wait: enqueue-to-dispatch latency.
 */
public final class DispatchBenchmark {
  private static final int SLOTS = 1000;
  private static final GradingResult DONE =
      GradingResult.of(Verdict.ACCEPTED, 1, 1, "", List.of(), "");

  /** One round's figures. */
  record Round(double jobsPerSecond, double heapMibQueued, double p50Millis, double p99Millis) {}

  private DispatchBenchmark() {}

  public static Round round(int queuedJobs, int latencyJobs) throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "bench",
            ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
                .withFallback(NodeConfig.load()));
    try {
      SubmissionLedger ledger =
          new SubmissionLedger() {
            @Override
            public void started(JobLease lease) {}

            @Override
            public CompletableFuture<Done> graded(JobLease lease, GradingResult result) {
              return CompletableFuture.completedFuture(Done.getInstance());
            }
          };
      PendingJobs none = flavour -> CompletableFuture.completedFuture(List.of());
      ActorRef<FlavourQueue.Command> queue =
          system.systemActorOf(
              FlavourQueue.create(
                  new FlavourQueue.Settings(
                      "default",
                      system.ignoreRef(),
                      3,
                      queuedJobs * 2,
                      Duration.ofMinutes(10),
                      Duration.ofMinutes(10),
                      Duration.ofMinutes(10),
                      Duration.ofMinutes(10)),
                  ledger,
                  none),
              "queue",
              Props.empty());
      ActorRef<Admission> ignore =
          system.systemActorOf(Behaviors.ignore(), "admissions", Props.empty());

      long heapBefore = usedHeap();
      for (int i = 0; i < queuedJobs; i++) {
        GradingJob job = job("q" + i, i);
        queue.tell(new FlavourQueue.Admit(job, ignore));
        queue.tell(new FlavourQueue.Confirm(job.submissionId()));
      }
      awaitWaiting(system, queue, queuedJobs);
      double heapMib = (usedHeap() - heapBefore) / 1048576.0;

      long[] enqueued = new long[latencyJobs];
      long[] latency = new long[latencyJobs];
      CountDownLatch drained = new CountDownLatch(queuedJobs);
      CountDownLatch measured = new CountDownLatch(latencyJobs);
      long start = System.nanoTime();
      for (int s = 0; s < SLOTS; s++) {
        system.systemActorOf(
            slot(queue, "slot-" + s, drained, measured, enqueued, latency),
            "slot-" + s,
            Props.empty());
      }
      drained.await(10, TimeUnit.MINUTES);
      double jobsPerSecond = queuedJobs / ((System.nanoTime() - start) / 1e9);

      // Slots now wait idle: each new job should go out at once.
      for (int i = 0; i < latencyJobs; i++) {
        GradingJob job = job("l" + i, i);
        queue.tell(new FlavourQueue.Admit(job, ignore));
        enqueued[i] = System.nanoTime();
        queue.tell(new FlavourQueue.Confirm(job.submissionId()));
        if (i % 50 == 49) {
          Thread.sleep(5);
        }
      }
      measured.await(5, TimeUnit.MINUTES);
      long[] sorted = latency.clone();
      Arrays.sort(sorted);
      return new Round(
          jobsPerSecond,
          heapMib,
          sorted[latencyJobs / 2] / 1e6,
          sorted[(int) (latencyJobs * 0.99)] / 1e6);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static GradingJob job(String id, int i) {
    return new GradingJob(
        id,
        "a1",
        "student" + (i % 300),
        "default",
        "spec",
        "files",
        1,
        Instant.EPOCH,
        JobPriority.INTERACTIVE);
  }

  /** A runner slot whose sandbox does nothing: it finishes each job as soon as it gets it. */
  private static Behavior<RunnerMessage> slot(
      ActorRef<FlavourQueue.Command> queue,
      String id,
      CountDownLatch drained,
      CountDownLatch measured,
      long[] enqueued,
      long[] latency) {
    return Behaviors.setup(
        ctx -> {
          queue.tell(new FlavourQueue.Pull(id, SLOTS, ctx.getSelf()));
          return Behaviors.receiveMessage(
              m -> {
                if (m instanceof RunnerMessage.JobOffered offer) {
                  String sid = offer.lease().submissionId();
                  if (sid.charAt(0) == 'l') {
                    int i = Integer.parseInt(sid.substring(1));
                    latency[i] = System.nanoTime() - enqueued[i];
                    measured.countDown();
                  } else {
                    drained.countDown();
                  }
                  queue.tell(new FlavourQueue.Finished(offer.lease(), DONE, ctx.getSelf()));
                } else if (m instanceof RunnerMessage.ResultRecorded) {
                  queue.tell(new FlavourQueue.Pull(id, SLOTS, ctx.getSelf()));
                }
                return Behaviors.same();
              });
        });
  }

  private static void awaitWaiting(
      ActorSystem<Void> system, ActorRef<FlavourQueue.Command> queue, int jobs) throws Exception {
    while (true) {
      FlavourStatus status =
          AskPattern.<FlavourQueue.Command, FlavourStatus>ask(
                  queue, FlavourQueue.Snapshot::new, Duration.ofSeconds(30), system.scheduler())
              .toCompletableFuture()
              .get();
      if (status.waiting() >= jobs) {
        return;
      }
      Thread.sleep(50);
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double[] rate = new double[rounds];
    double[] heap = new double[rounds];
    double[] p50 = new double[rounds];
    double[] p99 = new double[rounds];
    round(20_000, 2_000); // warm-up
    for (int i = 0; i < rounds; i++) {
      Round r = round(100_000, 20_000);
      rate[i] = r.jobsPerSecond();
      heap[i] = r.heapMibQueued();
      p50[i] = r.p50Millis();
      p99[i] = r.p99Millis();
    }
    new Report(
            "dispatch",
            "Scheduler dispatch, no-op sandbox, 1,000 slots, 100,000 queued ("
                + rounds
                + " rounds)")
        .figure("jobsPerSecond", "jobs dispatched per second", "jobs/s", "%.0f", rate)
        .figure("heapMibQueued", "heap with 100,000 queued", "MiB", "%.1f", heap)
        .figure("p50Millis", "enqueue-to-dispatch p50", "ms", "%.3f", p50)
        .figure("p99Millis", "enqueue-to-dispatch p99", "ms", "%.3f", p99)
        .note(
            "The real FlavourQueue in one local actor system; runner slots are actors that finish each job at once.")
        .note(
            "Targets (issue 8): at least 10,000 jobs per second, p99 under 10 ms, heap under 512 MiB with 100,000 queued.")
        .publish();
  }
}
