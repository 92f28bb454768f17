package dev.autograder.submission;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.autograder.submission.view.SubmissionView;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.db.SlickDatabase;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalDao;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.ExecutionContext;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * Records a new submission's first event in the journal exactly as its {@link Submission} entity
 * would (its persistence id, sequence number 1, the entity's tag), without starting the entity.
 *
 * <p>Starting an event-sourced entity for an id nobody has seen costs a spawn, a recovery query and
 * a sharded round trip per submission, and a deadline rush is made of brand-new ids. The entity
 * starts when grading or a reader first needs it and recovers this event then; until the receipt is
 * written nobody knows the id, so the entity cannot have written anything for it before. The
 * journal's DAO puts the receipts written at the same time into one transaction.
 */
public final class SubmissionReceipts {
  private final JournalDao journal;
  private final String writerUuid = UUID.randomUUID().toString();
  private final Executor callbacks;

  private SubmissionReceipts(JournalDao journal, Executor callbacks) {
    this.journal = journal;
    this.callbacks = callbacks;
  }

  /**
   * A writer through the journal the entities use ({@code pekko.persistence.journal.plugin}): its
   * database, its configured DAO ({@code dao}, made as the plugin makes it) and serialization, with
   * {@code autograder.database.receipt-writers} concurrent transactions.
   */
  public static SubmissionReceipts create(ActorSystem<?> system) {
    Config settings = system.settings().config();
    Config plugin = settings.getConfig(settings.getString("pekko.persistence.journal.plugin"));
    SlickDatabase database =
        ((SlickExtensionImpl) SlickExtension.get(system.classicSystem())).database(plugin);
    JournalConfig config =
        new JournalConfig(
            plugin.withValue(
                "parallelism",
                ConfigValueFactory.fromAnyRef(
                    settings.getInt("autograder.database.receipt-writers"))));
    String daoClass = config.pluginConfig().dao();
    try {
      JournalDao dao =
          (JournalDao)
              Class.forName(daoClass)
                  .getConstructor(
                      JdbcBackend.JdbcDatabaseDef.class,
                      JdbcProfile.class,
                      JournalConfig.class,
                      Serialization.class,
                      ExecutionContext.class,
                      Materializer.class)
                  .newInstance(
                      database.database(),
                      database.profile(),
                      config,
                      SerializationExtension.get(system.classicSystem()),
                      system.executionContext(),
                      Materializer.matFromSystem(system));
      return new SubmissionReceipts(dao, system.executionContext());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "the journal's DAO " + daoClass + " cannot be made as the JDBC journal makes it", e);
    }
  }

  /**
   * Journals {@code received}; completes with the submission as its entity shows it from then on,
   * once the event is committed.
   */
  public CompletionStage<SubmissionView> record(Submission.SubmissionReceived received) {
    PersistentRepr event =
        PersistentRepr.apply(
                new Tagged(received, Set.of(Submission.TAG)),
                1L,
                Submission.persistenceId(received.submissionId()).id(),
                "",
                false,
                org.apache.pekko.actor.ActorRef.noSender(),
                writerUuid)
            .withTimestamp(System.currentTimeMillis());
    var write = AtomicWrite.apply(event);
    return FutureConverters.asJava(
            journal.asyncWriteMessages(CollectionConverters.asScala(List.of(write)).toList()))
        .thenApplyAsync(
            // Empty when every write succeeded, as the journal protocol allows; else one per write.
            outcome -> {
              if (!outcome.isEmpty() && outcome.head().isFailure()) {
                throw new IllegalStateException(
                    "the receipt of submission " + received.submissionId() + " was not journaled",
                    outcome.head().failed().get());
              }
              return Submission.viewOnReceipt(received);
            },
            callbacks);
  }
}
