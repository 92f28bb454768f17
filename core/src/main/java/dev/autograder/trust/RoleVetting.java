package dev.autograder.trust;

import com.typesafe.config.Config;
import dev.autograder.CborSerializable;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Every member's roles, vetted by the scheduler nodes: each asks every other member, as it joins,
 * to sign a fresh challenge with its node key, and downs a member that does not answer in time or
 * whose certificate does not name its roles. The join check ({@link RoleProofChecker}) keeps out a
 * node that follows the joining protocol; this also catches one that skips it (Pekko's {@code
 * enforce-on-join = off}, or a node of its own making). Every node runs one, at {@code
 * /system/role-vetting}, to answer.
 */
public final class RoleVetting extends AbstractBehavior<RoleVetting.Command> {
  static final String NAME = "role-vetting";
  private static final SecureRandom RANDOM = new SecureRandom();

  public sealed interface Command extends CborSerializable {}

  /** A vetting node's question: sign this nonce with your address and roles. */
  public record Challenge(String nonce, ActorRef<Answer> replyTo) implements Command {}

  /** The answer: the certificate (DER in base64) and the signature over the challenge. */
  public record Answer(String nonce, String certificate, String signature)
      implements CborSerializable {}

  private record MemberSeen(ClusterEvent.MemberEvent event) implements Command {}

  private record Answered(UniqueAddress member, Answer answer) implements Command {}

  private record Unanswered(UniqueAddress member, int tries) implements Command {}

  /**
   * @param answerWithin how long a member has to answer a challenge; after {@code tries} challenges
   *     unanswered it is downed
   */
  public record Settings(Duration answerWithin, int tries) {
    static Settings fromConfig(Config config) {
      Config vetting = config.getConfig("autograder.cluster.role-vetting");
      return new Settings(vetting.getDuration("answer-within"), vetting.getInt("tries"));
    }
  }

  /** Starts this node's vetting actor; without the TLS transport (development) it does nothing. */
  public static void start(ActorSystem<?> system) {
    Config config = system.settings().config();
    NodeIdentity.fromConfig(config)
        .ifPresent(
            identity ->
                system.systemActorOf(
                    create(
                        identity,
                        NodeIdentity.caFile(config).orElseThrow(),
                        Settings.fromConfig(config)),
                    NAME,
                    Props.empty()));
  }

  static Behavior<Command> create(NodeIdentity identity, Path caFile, Settings settings) {
    return Behaviors.setup(ctx -> new RoleVetting(ctx, identity, caFile, settings));
  }

  private final NodeIdentity identity;
  private final Path caFile;
  private final Settings settings;
  private final Cluster cluster;

  /** Members asked and not yet answered, by the nonce they were asked to sign. */
  private final Map<UniqueAddress, String> asked = new HashMap<>();

  private final Set<UniqueAddress> vetted = new HashSet<>();

  private RoleVetting(
      ActorContext<Command> ctx, NodeIdentity identity, Path caFile, Settings settings) {
    super(ctx);
    this.identity = identity;
    this.caFile = caFile;
    this.settings = settings;
    this.cluster = Cluster.get(ctx.getSystem());
    if (cluster.selfMember().hasRole("scheduler")) {
      cluster
          .subscriptions()
          .tell(
              Subscribe.create(
                  ctx.messageAdapter(ClusterEvent.MemberEvent.class, MemberSeen::new),
                  ClusterEvent.MemberEvent.class));
    }
  }

  /** What a member signs: the nonce, its own address and its roles. */
  static String payload(String nonce, Address member, Set<String> roles) {
    return "autograder role challenge\n"
        + nonce
        + "\n"
        + member
        + "\n"
        + String.join(",", new TreeSet<>(roles));
  }

  /** A member's cluster roles without the data-center role Pekko adds to every member. */
  private static Set<String> clusterRoles(Member member) {
    Set<String> roles = new TreeSet<>(member.getRoles());
    roles.removeIf(role -> role.startsWith("dc-"));
    return roles;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Challenge.class, this::onChallenge)
        .onMessage(MemberSeen.class, this::onMemberSeen)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Unanswered.class, this::onUnanswered)
        .build();
  }

  private Behavior<Command> onChallenge(Challenge challenge) {
    Member self = cluster.selfMember();
    challenge
        .replyTo()
        .tell(
            new Answer(
                challenge.nonce(),
                identity.certificate(),
                identity.sign(payload(challenge.nonce(), self.address(), clusterRoles(self)))));
    return this;
  }

  private Behavior<Command> onMemberSeen(MemberSeen seen) {
    Member member = seen.event().member();
    UniqueAddress id = member.uniqueAddress();
    if (seen.event() instanceof ClusterEvent.MemberRemoved) {
      asked.remove(id);
      vetted.remove(id);
    } else if ((seen.event() instanceof ClusterEvent.MemberJoined
            || seen.event() instanceof ClusterEvent.MemberWeaklyUp
            || seen.event() instanceof ClusterEvent.MemberUp)
        && !id.equals(cluster.selfMember().uniqueAddress())
        && !vetted.contains(id)
        && !asked.containsKey(id)) {
      challenge(id, 1);
    }
    return this;
  }

  private void challenge(UniqueAddress member, int tries) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String nonce = HexFormat.of().formatHex(bytes);
    asked.put(member, nonce);
    ActorRef<Command> vetter =
        ActorRefResolver.get(getContext().getSystem())
            .resolveActorRef(member.address() + "/system/" + NAME);
    getContext()
        .ask(
            Answer.class,
            vetter,
            settings.answerWithin(),
            replyTo -> new Challenge(nonce, replyTo),
            (answer, failure) ->
                answer != null ? new Answered(member, answer) : new Unanswered(member, tries));
  }

  private Behavior<Command> onAnswered(Answered answered) {
    String nonce = asked.get(answered.member());
    Optional<Member> member = memberOf(answered.member());
    if (nonce == null || member.isEmpty() || !nonce.equals(answered.answer().nonce())) {
      return this;
    }
    asked.remove(answered.member());
    Set<String> roles = clusterRoles(member.get());
    try {
      // The nonce makes the answer fresh: it needs no time of its own.
      Instant now = Instant.now();
      NodeIdentity.verifyFor(
          roles,
          NodeIdentity.trustedCas(caFile),
          answered.answer().certificate(),
          payload(nonce, member.get().address(), roles),
          answered.answer().signature(),
          now,
          now,
          Duration.ZERO);
      vetted.add(answered.member());
    } catch (NodeIdentity.UntrustedException e) {
      down(member.get(), e.getMessage());
    }
    return this;
  }

  private Behavior<Command> onUnanswered(Unanswered unanswered) {
    Optional<Member> member = memberOf(unanswered.member());
    if (!asked.containsKey(unanswered.member()) || member.isEmpty()) {
      return this;
    }
    if (unanswered.tries() < settings.tries()) {
      challenge(unanswered.member(), unanswered.tries() + 1);
    } else {
      asked.remove(unanswered.member());
      down(member.get(), "it did not prove its roles within " + settings.tries() + " challenges");
    }
    return this;
  }

  private Optional<Member> memberOf(UniqueAddress id) {
    for (Member m : cluster.state().getMembers()) {
      if (m.uniqueAddress().equals(id)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private void down(Member member, String why) {
    getContext()
        .getLog()
        .warn("downing {} (roles {}): {}", member.address(), clusterRoles(member), why);
    cluster.manager().tell(new Down(member.address()));
  }
}
