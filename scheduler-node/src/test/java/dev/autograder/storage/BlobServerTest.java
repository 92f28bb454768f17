package dev.autograder.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.autograder.ContentHash;
import dev.autograder.NodeConfig;
import dev.autograder.blob.BlobChunk;
import dev.autograder.blob.BlobCommand;
import dev.autograder.grading.ProblemSpec;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.HeldJobs;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.SchedulerCommand;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The blob server, on a one-node cluster of its own whose member is a runner (so a local asker is
 * one) and a scheduler played by an actor that says which jobs the node holds.
 */
class BlobServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ActorTestKit runnerNode = node(List.of("runner", "flavour-default"));
  private static final ActorTestKit schedulerNode = node(List.of("scheduler", "api"));
  private static final BlobStore store = store();
  private static final ObjectMapper json =
      JacksonObjectMapperProvider.get(runnerNode.system())
          .getOrCreate("jackson-json", java.util.Optional.empty());
  private static final List<GradingJob> held = new CopyOnWriteArrayList<>();

  private static ActorTestKit node(List<String> roles) {
    Config config =
        ConfigFactory.parseMap(
                java.util.Map.of(
                    "pekko.remote.artery.transport",
                    "tcp",
                    "pekko.remote.artery.canonical.port",
                    0,
                    "pekko.cluster.roles",
                    roles))
            .withFallback(NodeConfig.load());
    ActorTestKit kit = ActorTestKit.create(config);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    Instant upBy = Instant.now().plus(WAIT);
    while (cluster.selfMember().status() != MemberStatus.up() && Instant.now().isBefore(upBy)) {
      Thread.yield();
    }
    // The scheduler answers with the jobs the test says this node holds.
    kit.system()
        .receptionist()
        .tell(
            Receptionist.register(
                SchedulerCommand.SERVICE_KEY,
                kit.spawn(
                    Behaviors.<SchedulerCommand>receiveMessage(
                        m -> {
                          if (m instanceof SchedulerCommand.GetHeldJobs get
                              && get.flavour().equals("default")) {
                            get.replyTo().tell(new HeldJobs(List.copyOf(held)));
                          }
                          return Behaviors.same();
                        }))));
    return kit;
  }

  private static BlobStore store() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:blob-server-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    BlobStore blobs = new BlobStore(h2, Executors.newFixedThreadPool(2), false);
    try {
      blobs.createTableIfMissing();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return blobs;
  }

  @AfterAll
  static void stop() {
    runnerNode.shutdownTestKit();
    schedulerNode.shutdownTestKit();
  }

  private static String put(byte[] content) throws Exception {
    return store.put(content).toCompletableFuture().get();
  }

  /** A spec as the API stores it, naming a package. */
  private static String spec(String packageHash) throws Exception {
    return put(json.writeValueAsBytes(new ProblemSpec(packageHash, "p", 1)));
  }

  private static GradingJob jobWith(String spec, String files) {
    return new GradingJob(
        "s-" + UUID.randomUUID(),
        "a1",
        "ada",
        "default",
        spec,
        files,
        1,
        Instant.now(),
        JobPriority.INTERACTIVE);
  }

  private static ActorRef<BlobCommand> server(ActorTestKit on) {
    return on.spawn(
        BlobServer.create(
            store, json, new BlobServer.Settings(Duration.ofSeconds(3), Duration.ofMinutes(1))));
  }

  private static StatusReply<BlobChunk> read(
      ActorTestKit on, ActorRef<BlobCommand> server, String hash, long offset) {
    TestProbe<StatusReply<BlobChunk>> reader = on.createTestProbe();
    server.tell(new BlobCommand.ReadChunk(hash, offset, reader.ref()));
    return reader.receiveMessage(WAIT);
  }

  /** The scheduler is found through the receptionist, a moment after the server starts. */
  private static StatusReply<BlobChunk> firstRead(ActorRef<BlobCommand> server, String hash)
      throws Exception {
    Instant until = Instant.now().plus(WAIT);
    StatusReply<BlobChunk> reply = read(runnerNode, server, hash, 0);
    while (reply.isError()
        && reply.getError().getMessage().contains("no scheduler")
        && Instant.now().isBefore(until)) {
      Thread.sleep(50);
      reply = read(runnerNode, server, hash, 0);
    }
    return reply;
  }

  @Test
  void aRunnerReadsTheFilesOfItsLeaseChunkByChunkExactly() throws Exception {
    byte[] files = new byte[2 * BlobChunk.MAX_BYTES + 1234];
    new Random(15).nextBytes(files);
    String filesHash = put(files);
    String specHash = spec(ContentHash.sha256("some package".getBytes()));
    held.add(jobWith(specHash, filesHash));
    ActorRef<BlobCommand> server = server(runnerNode);

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    BlobChunk chunk = firstRead(server, filesHash).getValue();
    List<Integer> sizes = new java.util.ArrayList<>();
    while (true) {
      assertEquals(got.size(), chunk.offset());
      assertEquals(files.length, chunk.totalSize());
      sizes.add(chunk.bytes().length);
      got.write(chunk.bytes());
      if (got.size() >= chunk.totalSize()) {
        break;
      }
      chunk = read(runnerNode, server, filesHash, got.size()).getValue();
    }
    assertEquals(List.of(BlobChunk.MAX_BYTES, BlobChunk.MAX_BYTES, 1234), sizes);
    assertArrayEquals(files, got.toByteArray());
    BlobChunk past = read(runnerNode, server, filesHash, files.length + 10).getValue();
    assertEquals(0, past.bytes().length, "reading past the end gives nothing, and the size");
  }

  @Test
  void aRunnerReadsTheBlobItsLeasedSpecNamesButNoOtherAndNoUnknownOne() throws Exception {
    String pkg = put("a problem package".getBytes());
    String spec = spec(pkg);
    String files = put("the student's files".getBytes());
    String someoneElses = put("another course's hidden answers".getBytes());
    held.add(jobWith(spec, files));
    ActorRef<BlobCommand> server = server(runnerNode);

    assertArrayEquals("a problem package".getBytes(), firstRead(server, pkg).getValue().bytes());
    StatusReply<BlobChunk> refused = read(runnerNode, server, someoneElses, 0);
    assertTrue(
        refused.isError() && refused.getError().getMessage().contains("no lease"),
        refused.toString());
    String unknown = ContentHash.sha256("never stored".getBytes());
    StatusReply<BlobChunk> missing = read(runnerNode, server, unknown, 0);
    assertTrue(
        missing.isError() && missing.getError().getMessage().contains("no lease"),
        "an unknown hash is no lease's either: " + missing);
    StatusReply<BlobChunk> malformed = read(runnerNode, server, "../etc/passwd", 0);
    assertTrue(
        malformed.isError() && malformed.getError().getMessage().contains("SHA-256"),
        malformed.toString());
  }

  @Test
  void aLeasedBlobMissingFromTheStoreIsReportedMissing() throws Exception {
    String spec = spec(ContentHash.sha256("a lost package".getBytes()));
    String lost = ContentHash.sha256("lost files".getBytes());
    held.add(jobWith(spec, lost));
    StatusReply<BlobChunk> missing = firstRead(server(runnerNode), lost);
    assertTrue(
        missing.isError() && missing.getError().getMessage().equals("no blob " + lost),
        missing.toString());
  }

  @Test
  void aMemberThatIsNoRunnerIsRefusedEvenABlobALeaseNames() throws Exception {
    String spec = spec(ContentHash.sha256("the package".getBytes()));
    held.add(jobWith(spec, spec));
    StatusReply<BlobChunk> refused = read(schedulerNode, server(schedulerNode), spec, 0);
    assertTrue(
        refused.isError()
            && refused.getError().getMessage().contains("for the cluster's runners only"),
        refused.toString());
  }
}
