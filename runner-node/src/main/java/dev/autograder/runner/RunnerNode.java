package dev.autograder.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.autograder.ClusterCredentials;
import dev.autograder.NodeConfig;
import com.typesafe.config.ConfigValueFactory;
import dev.autograder.flavour.Flavour;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grading.ResultBudget;
import dev.autograder.grading.SubmissionGrader;
import dev.autograder.sandbox.DockerSandbox;
import dev.autograder.submission.SubmissionArchive;
import dev.autograder.trust.NodeIdentity;
import dev.autograder.trust.RoleProof;
import dev.autograder.trust.RoleVetting;
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
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A runner node: joins the cluster with role runner and its flavour, and runs one RunnerActor per slot. */
public final class RunnerNode {
  private static final Logger log = LoggerFactory.getLogger(RunnerNode.class);

  /** How long a stopping actor system may take before the process gives up on it. */
  private static final Duration STOP_LIMIT = Duration.ofMinutes(2);

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
   * streams to complete, and a TLS connection that stalls meanwhile (seen with a peer's connection
   * opening as the node stopped) keeps the system from ever terminating. Past the limit the process
   * ends with code 1, so that its orchestrator starts it afresh, rather than living on as a runner
   * that never comes back.
   */
  private static void awaitStopped(ActorSystem<Void> system) throws Exception {
    CompletableFuture<Done> stopping = new CompletableFuture<>();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "note-stopping", () -> {
      stopping.complete(Done.getInstance());
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    CompletableFuture<Done> terminated = system.getWhenTerminated().toCompletableFuture();
    CompletableFuture.anyOf(stopping, terminated).join();
    try {
      terminated.get(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.error("the actor system did not stop within {}: the process ends to be started afresh", STOP_LIMIT);
      // Not System.exit: the JVM's shutdown hooks would wait for the same actor system.
      Runtime.getRuntime().halt(1);
    }
  }

  public static ActorSystem<Void> start(Config loaded) {
    Config runner = loaded.getConfig("autograder.runner");
    String flavourName = runner.getString("flavour");
    Flavour flavour = FlavourCatalog.fromConfig(loaded).get(flavourName);
    String secret = loaded.getString("autograder.cluster.secret");
    Config config = loaded.withValue("pekko.cluster.roles",
        ConfigValueFactory.fromIterable(List.of("runner", "flavour-" + flavourName)));
    ClusterCredentials.require(config);
    String nodeName = runner.getString("node-name");
    ResultBudget resultBudget = ResultBudget.fromConfig(config);

    int slots = runner.getInt("slots");
    DockerSandbox sandbox = DockerSandbox.connect(nodeName, runner.getBoolean("warm-pool") ? slots : 0);
    if (!sandbox.engineAnswers()) {
      throw new IllegalStateException("no Docker engine answers: run scripts/ensure-docker.sh");
    }
    if (!sandbox.hasImage(flavour.image())) {
      throw new IllegalStateException("the image " + flavour.image() + " is missing: run scripts/build-grading-image.sh");
    }
    int removed = sandbox.removeLeftovers();
    sandbox.prepareSupervisor(flavour.image());
    // A JVM told to stop waits for this, so the warm pool's prepared containers and volumes go too.
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "close-sandbox"));
    sandbox.warm(flavour);

    return ActorSystem.create(Behaviors.setup(ctx -> {
      if (removed > 0) {
        ctx.getLog().info("removed {} containers left over by an earlier run of {}", removed, nodeName);
      }
      RoleVetting.start(ctx.getSystem());
      ObjectMapper json = JacksonObjectMapperProvider.get(ctx.getSystem()).getOrCreate("jackson-json", Optional.empty());
      var dispatcher = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("autograder.sandbox-dispatcher"));
      SubmissionGrader grader = new SubmissionGrader(sandbox);
      ctx.getSystem().getWhenTerminated().thenRun(() -> {
        grader.close();
        sandbox.close();
      });
      var jobRunner = new SandboxJobRunner(flavour, grader,
          new BlobFetcher(secret, () -> NodeIdentity.fromConfig(config), runner.getBytes("blob-cache-size")),
          new SubmissionArchive(config.getInt("autograder.submission.max-files"),
              config.getBytes("autograder.submission.max-bytes")),
          json, dispatcher);
      JobBudget budget = JobBudget.of(runner.getLong("recycle-after-jobs"));
      var recycling = ctx.spawn(Recycling.create(slots), "recycling");
      for (int slot = 1; slot <= slots; slot++) {
        String runnerId = nodeName + "/" + slot;
        ctx.spawn(RunnerActor.create(new RunnerActor.Settings(runnerId, flavourName, slots,
            runner.getDuration("request-interval"), runner.getDuration("result-retry-interval"),
            runner.getInt("result-send-attempts"), resultBudget), jobRunner, budget, recycling), "runner-" + slot);
      }
      ctx.spawn(SchedulerPresence.create(runner.getDuration("alone-timeout")), "scheduler-presence");
      ctx.getLog().info("runner node {} serves flavour {} with {} slots", nodeName, flavourName, slots);
      return Behaviors.empty();
    }), "autograder", RoleProof.attach(config));
  }
}
