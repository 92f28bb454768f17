package dev.autograder.storage;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * The read side's one projection shape: the events of one tag, handled one by one, a group of them
 * and its offset committed in one transaction (exactly once). A commit per event was three
 * statements and a commit per submission per projection at a deadline rush; a group is bounded by
 * {@code pekko.projection.grouped} (size and time), so a quiet read side is as prompt as before.
 */
public final class TaggedProjection {
  private TaggedProjection() {}

  public static <E> Projection<EventEnvelope<E>> of(
      ActorSystem<?> system,
      Supplier<PooledJdbcSession> sessions,
      String name,
      String tag,
      Supplier<JdbcHandler<EventEnvelope<E>, PooledJdbcSession>> handler) {
    return ofGroups(system, sessions, name, tag, () -> new EachInGroup<>(handler.get()));
  }

  /** The same, with a handler that takes a group whole (to batch its statements). */
  public static <E> Projection<EventEnvelope<E>> ofGroups(
      ActorSystem<?> system,
      Supplier<PooledJdbcSession> sessions,
      String name,
      String tag,
      Supplier<JdbcHandler<List<EventEnvelope<E>>, PooledJdbcSession>> handler) {
    return JdbcProjection.groupedWithin(
        ProjectionId.of(name, tag),
        EventSourcedProvider.<E>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
        sessions,
        handler::get,
        system);
  }

  /** Hands every event of a group to a handler of single events, in the group's transaction. */
  private static final class EachInGroup<E>
      extends JdbcHandler<List<EventEnvelope<E>>, PooledJdbcSession> {
    private final JdbcHandler<EventEnvelope<E>, PooledJdbcSession> each;

    EachInGroup(JdbcHandler<EventEnvelope<E>, PooledJdbcSession> each) {
      this.each = each;
    }

    @Override
    public void start() {
      each.start();
    }

    @Override
    public void stop() {
      each.stop();
    }

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<E>> group) throws Exception {
      for (EventEnvelope<E> envelope : group) {
        each.process(session, envelope);
      }
    }
  }
}
