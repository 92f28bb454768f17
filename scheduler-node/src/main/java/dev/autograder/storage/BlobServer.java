package dev.autograder.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.ContentHash;
import dev.autograder.blob.BlobChunk;
import dev.autograder.blob.BlobCommand;
import dev.autograder.grading.GradingSpec;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.HeldJobs;
import dev.autograder.queue.RunnerMembership;
import dev.autograder.queue.SchedulerCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.StatusReply;

/**
 * Serves blobs to runners over the cluster's transport, chunk by chunk as they ask. A blob goes
 * only to an up member with the runner role (the scheduler nodes' role vetting downs a member whose
 * certificate does not name its roles) whose node holds a lease naming the blob: the job's spec and
 * files, or a blob its spec names. The scheduler is asked once per runner node and blob; the answer
 * holds for the rest of the blob's chunks, for {@code grantTtl}.
 */
public final class BlobServer extends AbstractBehavior<BlobCommand> {
  private static final String RUNNER_ROLE = "runner";
  private static final String FLAVOUR_ROLE = "flavour-";

  /**
   * @param askTimeout how long the scheduler has to say which jobs a runner holds
   * @param grantTtl how long a runner node may go on reading a blob its lease named
   */
  public record Settings(Duration askTimeout, Duration grantTtl) {}

  private record SchedulersFound(Receptionist.Listing listing) implements BlobCommand {}

  private record Held(
      BlobCommand.ReadChunk read, Address node, Set<String> allowed, Throwable failure)
      implements BlobCommand {}

  private record Served(BlobCommand.ReadChunk read, Optional<BlobChunk> chunk, Throwable failure)
      implements BlobCommand {}

  private record Grant(Address node, String hash) {}

  private final BlobStore store;
  private final ObjectMapper json;
  private final Settings settings;
  private final Cluster cluster;
  private final Map<Grant, Instant> grants = new HashMap<>();
  private Optional<ActorRef<SchedulerCommand>> scheduler = Optional.empty();

  public static Behavior<BlobCommand> create(
      BlobStore store, ObjectMapper json, Settings settings) {
    return Behaviors.setup(ctx -> new BlobServer(ctx, store, json, settings));
  }

  private BlobServer(
      ActorContext<BlobCommand> context, BlobStore store, ObjectMapper json, Settings settings) {
    super(context);
    this.store = store;
    this.json = json;
    this.settings = settings;
    this.cluster = Cluster.get(context.getSystem());
    context
        .getSystem()
        .receptionist()
        .tell(
            Receptionist.subscribe(
                SchedulerCommand.SERVICE_KEY,
                context.messageAdapter(Receptionist.Listing.class, SchedulersFound::new)));
  }

  @Override
  public Receive<BlobCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(BlobCommand.ReadChunk.class, this::onRead)
        .onMessage(SchedulersFound.class, this::onSchedulersFound)
        .onMessage(Held.class, this::onHeld)
        .onMessage(Served.class, this::onServed)
        .build();
  }

  private Behavior<BlobCommand> onSchedulersFound(SchedulersFound found) {
    scheduler =
        found.listing().getServiceInstances(SchedulerCommand.SERVICE_KEY).stream().findFirst();
    return this;
  }

  private Behavior<BlobCommand> onRead(BlobCommand.ReadChunk read) {
    if (!ContentHash.isSha256(read.hash()) || read.offset() < 0) {
      return refuse(
          read,
          "a blob is named by its SHA-256 in lower-case hex, read from an offset of 0 or more");
    }
    Address node = read.replyTo().path().address();
    Optional<Member> runner = runnerAt(node);
    if (runner.isEmpty()) {
      return refuse(read, "blobs are for the cluster's runners only, and " + node + " is none");
    }
    Instant now = Instant.now();
    Instant grantedUntil = grants.get(new Grant(node, read.hash()));
    if (grantedUntil != null && grantedUntil.isAfter(now)) {
      return serve(read);
    }
    if (scheduler.isEmpty()) {
      return refuse(read, "no scheduler is known yet; try again");
    }
    String flavour =
        runner.get().getRoles().stream()
            .filter(r -> r.startsWith(FLAVOUR_ROLE))
            .map(r -> r.substring(FLAVOUR_ROLE.length()))
            .findFirst()
            .orElse("");
    ActorRef<SchedulerCommand> to = scheduler.get();
    getContext()
        .pipeToSelf(
            AskPattern.<SchedulerCommand, HeldJobs>ask(
                    to,
                    replyTo -> new SchedulerCommand.GetHeldJobs(flavour, node.toString(), replyTo),
                    settings.askTimeout(),
                    getContext().getSystem().scheduler())
                .thenCompose(held -> allowed(held.jobs(), read.hash())),
            (allowed, failure) -> new Held(read, node, allowed, failure));
    return this;
  }

  /**
   * An up member with the runner role at the asker's address; a local asker is this node, never a
   * runner.
   */
  private Optional<Member> runnerAt(Address node) {
    Address address = node.hasLocalScope() ? cluster.selfMember().address() : node;
    for (Member member : cluster.state().getMembers()) {
      if (member.address().equals(address)
          && RunnerMembership.servesJobs(member.status())
          && member.hasRole(RUNNER_ROLE)) {
        return Optional.of(member);
      }
    }
    return Optional.empty();
  }

  /**
   * The blobs the jobs name: their specs and files and, when {@code wanted} is none of those, the
   * blobs their specs name (read only then, as a spec's own blobs are fetched after it).
   */
  private CompletionStage<Set<String>> allowed(List<GradingJob> jobs, String wanted) {
    Set<String> named = new HashSet<>();
    jobs.forEach(
        job -> {
          named.add(job.specHash());
          named.add(job.filesHash());
        });
    if (named.contains(wanted) || jobs.isEmpty()) {
      return CompletableFuture.completedFuture(named);
    }
    CompletableFuture<Set<String>> all = CompletableFuture.completedFuture(named);
    for (String spec : jobs.stream().map(GradingJob::specHash).distinct().toList()) {
      all =
          all.thenCombine(
              store.get(spec),
              (so, far) -> {
                far.map(this::referencedBlobs).ifPresent(so::addAll);
                return so;
              });
    }
    return all;
  }

  private List<String> referencedBlobs(byte[] spec) {
    try {
      return json.readValue(spec, GradingSpec.class).referencedBlobs();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Behavior<BlobCommand> onHeld(Held held) {
    if (held.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "blob {} for {}: could not tell which blobs its leases name: {}",
              held.read().hash(),
              held.node(),
              held.failure().toString());
      held.read()
          .replyTo()
          .tell(StatusReply.error("could not tell which blobs the node's leases name; try again"));
      return this;
    }
    if (!held.allowed().contains(held.read().hash())) {
      return refuse(
          held.read(), "no lease that " + held.node() + " holds names blob " + held.read().hash());
    }
    Instant now = Instant.now();
    grants.values().removeIf(until -> !until.isAfter(now));
    grants.put(new Grant(held.node(), held.read().hash()), now.plus(settings.grantTtl()));
    return serve(held.read());
  }

  private Behavior<BlobCommand> serve(BlobCommand.ReadChunk read) {
    getContext()
        .pipeToSelf(
            store.read(read.hash(), read.offset(), BlobChunk.MAX_BYTES),
            (chunk, failure) -> new Served(read, chunk, failure));
    return this;
  }

  private Behavior<BlobCommand> onServed(Served served) {
    BlobCommand.ReadChunk read = served.read();
    if (served.failure() != null) {
      getContext()
          .getLog()
          .warn("could not read blob {}: {}", read.hash(), served.failure().toString());
      read.replyTo().tell(StatusReply.error("the blob store failed; try again"));
    } else if (served.chunk().isEmpty()) {
      read.replyTo().tell(StatusReply.error("no blob " + read.hash()));
    } else {
      read.replyTo().tell(StatusReply.success(served.chunk().get()));
    }
    return this;
  }

  private Behavior<BlobCommand> refuse(BlobCommand.ReadChunk read, String reason) {
    getContext()
        .getLog()
        .warn("blob {} refused to {}: {}", read.hash(), read.replyTo().path().address(), reason);
    read.replyTo().tell(StatusReply.error(reason));
    return this;
  }
}
