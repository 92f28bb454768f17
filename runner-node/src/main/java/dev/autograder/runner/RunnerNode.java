package dev.autograder.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.autograder.NodeConfig;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grader.SubmissionGrader;
import dev.autograder.grading.ResultBudget;
import dev.autograder.health.HealthReports;
import dev.autograder.health.NodeHealthProbe;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.submission.archive.SubmissionArchive;
import dev.autograder.trust.ClusterCredentials;
import dev.autograder.trust.RoleProof;
import dev.autograder.trust.RoleVetting;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner node: joins the cluster with role runner and its flavour, and runs one RunnerActor per
 * slot.
 */
public final class RunnerNode {
  private static final Logger log = LoggerFactory.getLogger(RunnerNode.class);

  /** How long a stopping actor system may take before the process gives up on it. */
  private static final Duration STOP_LIMIT = Duration.ofMinutes(2);

  /**
   * A recycled node has left the cluster (its jobs reported, its membership removed) before its
   * actor system stops, so a stall after that loses nothing and need not hold its slot's
   * replacement back for long.
   */
  private static final Duration RECYCLED_STOP_LIMIT = Duration.ofSeconds(20);

  /** How long a system may take to terminate once its coordinated shutdown has run every phase. */
  private static final Duration TERMINATION_GRACE = Duration.ofSeconds(10);

  private RunnerNode() {}

  /**
   * Runs the node until the JVM is told to stop. When the actor system stops for another reason
   * (the node was downed, or found no scheduler), it starts a fresh one that joins again.
   */
  public static void main(String[] args) throws Exception {
    Config config = NodeConfig.load("autograder-runner.conf");
    while (true) {
      ActorSystem<Void> system = start(config);
      awaitStopped(system);
      var reason = CoordinatedShutdown.get(system).getShutdownReason();
      if (reason.isPresent() && reason.get() == Recycling.RECYCLED) {
        log.info("recycled: the process ends for its orchestrator to start a fresh one");
        System.exit(0);
      }
      if (reason.isEmpty() || reason.get() == CoordinatedShutdown.jvmExitReason()) {
        return;
      }
      log.warn("the node stopped ({}); joining the cluster again", reason.get());
      Thread.sleep(2000);
    }
  }

  /**
   * Waits until the actor system has stopped. Pekko 1.2.1 waits without a limit for its remoting
   * streams to complete, and a stream that stalls meanwhile (seen when a node downs itself after a
   * peer quarantined it, and with a peer's connection opening as the node stopped) keeps the system
   * from ever terminating. Once the coordinated shutdown has run its last phase (each phase is
   * bounded), the system gets {@link #TERMINATION_GRACE} more; past that it is stalled, and the
   * process logs its threads and ends, so that its orchestrator starts it afresh, rather than
   * living on as a runner that never comes back: with code 1, or 0 for a recycled node, which did
   * all it had to. {@link #STOP_LIMIT} bounds the whole wait should the shutdown itself never end.
   */
  private static void awaitStopped(ActorSystem<Void> system) throws Exception {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    CompletableFuture<Done> stopping = new CompletableFuture<>();
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "note-stopping",
        () -> {
          stopping.complete(Done.getInstance());
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    CompletableFuture<Done> terminated = system.getWhenTerminated().toCompletableFuture();
    CompletableFuture.anyOf(stopping, terminated).join();
    boolean recycled =
        shutdown.getShutdownReason().filter(r -> r == Recycling.RECYCLED).isPresent();
    Duration limit = recycled ? RECYCLED_STOP_LIMIT : STOP_LIMIT;
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      // The shutdown is running: asking it to run again returns its own completion.
      shutdown
          .runAll(CoordinatedShutdown.unknownReason())
          .toCompletableFuture()
          .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      terminated.get(
          Math.min(TERMINATION_GRACE.toMillis(), remainingMillis(deadline)), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.error(
          "the actor system did not stop within {} of its shutdown's end (or {} in all): the process ends to"
              + " be started afresh; its threads:\n{}",
          TERMINATION_GRACE,
          limit,
          threadDump());
      // Not System.exit: the JVM's shutdown hooks would wait for the same actor system.
      Runtime.getRuntime().halt(recycled ? 0 : 1);
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  /** Where every thread stands, so that a stop that never ends says what it waits for. */
  private static String threadDump() {
    StringBuilder dump = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (thread, frames) -> {
              dump.append('"')
                  .append(thread.getName())
                  .append("\" ")
                  .append(thread.getState())
                  .append('\n');
              for (int i = 0; i < Math.min(frames.length, 12); i++) {
                dump.append("    at ").append(frames[i]).append('\n');
              }
            });
    return dump.toString();
  }

  /**
   * The directory whose free space counts: the configured one, else the engine's data, else the
   * temp dir.
   */
  private static File diskOf(String configured, DockerSandbox sandbox) {
    if (!configured.isEmpty()) {
      return new File(configured);
    }
    return sandbox
        .dataDirectory()
        .map(File::new)
        .filter(File::isDirectory)
        .orElse(new File(System.getProperty("java.io.tmpdir")));
  }

  public static ActorSystem<Void> start(Config loaded) {
    Config runner = loaded.getConfig("autograder.runner");
    String flavourName = runner.getString("flavour");
    Flavour flavour = FlavourCatalog.fromConfig(loaded).get(flavourName);
    Config config =
        loaded.withValue(
            "pekko.cluster.roles",
            ConfigValueFactory.fromIterable(List.of("runner", "flavour-" + flavourName)));
    ClusterCredentials.require(config);
    String nodeName = runner.getString("node-name");
    ResultBudget resultBudget = ResultBudget.fromConfig(config);

    int slots = runner.getInt("slots");
    DockerSandbox sandbox =
        DockerSandbox.connect(nodeName, runner.getBoolean("warm-pool") ? slots : 0);
    if (!sandbox.engineAnswers()) {
      throw new IllegalStateException("no Docker engine answers: run scripts/ensure-docker.sh");
    }
    if (!sandbox.hasImage(flavour.image())) {
      throw new IllegalStateException(
          "the image " + flavour.image() + " is missing: run scripts/build-grading-image.sh");
    }
    int removed = sandbox.removeLeftovers();
    File disk = diskOf(runner.getString("health.disk-path"), sandbox);
    sandbox.prepareSupervisor(flavour.image());
    // A JVM told to stop waits for this, so the warm pool's prepared containers and volumes go too.
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "close-sandbox"));
    sandbox.warm(flavour);

    return ActorSystem.create(
        Behaviors.setup(
            ctx -> {
              if (removed > 0) {
                ctx.getLog()
                    .info(
                        "removed {} containers left over by an earlier run of {}",
                        removed,
                        nodeName);
              }
              RoleVetting.start(ctx.getSystem());
              ObjectMapper json =
                  JacksonObjectMapperProvider.get(ctx.getSystem())
                      .getOrCreate("jackson-json", Optional.empty());
              var dispatcher =
                  ctx.getSystem()
                      .dispatchers()
                      .lookup(DispatcherSelector.fromConfig("autograder.sandbox-dispatcher"));
              SubmissionGrader grader = new SubmissionGrader(sandbox);
              ctx.getSystem()
                  .getWhenTerminated()
                  .thenRun(
                      () -> {
                        long start = System.nanoTime();
                        grader.close();
                        sandbox.close();
                        log.info(
                            "the sandbox closed in {} ms", (System.nanoTime() - start) / 1_000_000);
                      });
              var jobRunner =
                  new SandboxJobRunner(
                      flavour,
                      grader,
                      new BlobFetcher(
                          ctx.getSystem().scheduler(),
                          new BlobFetcher.Settings(
                              runner.getDuration("blob-fetch.chunk-timeout"),
                              runner.getInt("blob-fetch.tries"),
                              runner.getBytes("blob-cache-size"))),
                      new SubmissionArchive(
                          config.getInt("autograder.submission.max-files"),
                          config.getBytes("autograder.submission.max-bytes")),
                      json,
                      dispatcher);
              JobBudget budget = JobBudget.of(runner.getLong("recycle-after-jobs"));
              var recycling = ctx.spawn(Recycling.create(slots), "recycling");
              for (int slot = 1; slot <= slots; slot++) {
                String runnerId = nodeName + "/" + slot;
                ctx.spawn(
                    RunnerActor.create(
                        new RunnerActor.Settings(
                            runnerId,
                            flavourName,
                            slots,
                            runner.getDuration("request-interval"),
                            runner.getDuration("result-retry-interval"),
                            runner.getInt("result-send-attempts"),
                            resultBudget),
                        jobRunner,
                        budget,
                        recycling),
                    "runner-" + slot);
              }
              ctx.spawn(
                  SchedulerPresence.create(runner.getDuration("alone-timeout")),
                  "scheduler-presence");
              Config health = runner.getConfig("health");
              var probe =
                  new NodeHealthProbe(
                      nodeName,
                      flavourName,
                      slots,
                      disk,
                      new NodeHealthProbe.Limits(
                          health.getDuration("max-engine-latency").toMillis(),
                          health.getBytes("min-disk-free")),
                      sandbox);
              ctx.spawn(
                  HealthReports.create(
                      probe,
                      Cluster.get(ctx.getSystem()).selfMember().address().toString(),
                      dispatcher,
                      health.getDuration("report-every")),
                  "health-reports");
              ctx.getLog()
                  .info(
                      "runner node {} serves flavour {} with {} slots",
                      nodeName,
                      flavourName,
                      slots);
              return Behaviors.empty();
            }),
        "autograder",
        RoleProof.attach(config));
  }
}
