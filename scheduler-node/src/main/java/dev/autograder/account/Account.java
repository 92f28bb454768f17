package dev.autograder.account;

import dev.autograder.CborSerializable;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** A person who signs in, by username: display name, password hash, whether a site admin. */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, Account.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Account");
  public static final String TAG = "account";
  /** Why {@link Register} was refused when the username is taken. */
  public static final String EXISTS = "exists";

  public sealed interface Command extends CborSerializable {}

  public record Register(String displayName, String passwordHash, boolean siteAdmin, Instant at,
      ActorRef<StatusReply<AccountRegistered>> replyTo) implements Command {}

  public record ChangePassword(String passwordHash, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record Get(ActorRef<Lookup> replyTo) implements Command {}

  public record Lookup(Optional<AccountRegistered> account) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record AccountRegistered(String username, String displayName, String passwordHash, boolean siteAdmin,
      Instant at) implements Event {}

  public record PasswordChanged(String passwordHash, Instant at) implements Event {}

  public record State(Optional<AccountRegistered> account) implements CborSerializable {}

  private final String username;

  public static Behavior<Command> create(String username) {
    return new Account(username);
  }

  private Account(String username) {
    super(PersistenceId.of(TYPE_KEY.name(), username));
    this.username = username;
  }

  @Override
  public State emptyState() {
    return new State(Optional.empty());
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(ChangePassword.class, this::onChangePassword)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), new Lookup(state.account())))
        .build();
  }

  private ReplyEffect<Event, State> onRegister(State state, Register r) {
    if (state.account().isPresent()) {
      return Effect().reply(r.replyTo(), StatusReply.error(EXISTS));
    }
    return Effect().persist(new AccountRegistered(username, r.displayName(), r.passwordHash(), r.siteAdmin(), r.at()))
        .thenReply(r.replyTo(), s -> StatusReply.success(s.account().orElseThrow()));
  }

  private ReplyEffect<Event, State> onChangePassword(State state, ChangePassword c) {
    if (state.account().isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.error("no account " + username));
    }
    return Effect().persist(new PasswordChanged(c.passwordHash(), c.at())).thenReply(c.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(AccountRegistered.class, (s, e) -> new State(Optional.of(e)))
        .onEvent(PasswordChanged.class, (s, e) -> new State(s.account().map(a ->
            new AccountRegistered(a.username(), a.displayName(), e.passwordHash(), a.siteAdmin(), a.at()))))
        .build();
  }
}
