package dev.autograder.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.api.ApiProblem;
import dev.autograder.api.GradingDesk;
import dev.autograder.api.NewAssignment;
import dev.autograder.assignment.Assignment;
import dev.autograder.assignment.AssignmentView;
import dev.autograder.storage.BlobStore;
import dev.autograder.flavour.FlavourCatalog;
import dev.autograder.grading.GradingSpec;
import dev.autograder.ContentHash;
import dev.autograder.queue.Admission;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobStatus;
import dev.autograder.queue.QueuesStatus;
import dev.autograder.queue.JobPriority;
import dev.autograder.queue.SchedulerCommand;
import dev.autograder.submission.Submission;
import dev.autograder.submission.SubmissionArchive;
import dev.autograder.submission.SubmissionStatus;
import dev.autograder.submission.SubmissionView;
import dev.autograder.submission.SubmittedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/** The API's view of the cluster: sharded Assignment and Submission entities, the scheduler, the blob store. */
public final class ClusterGradingDesk implements GradingDesk {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final ActorRef<SchedulerCommand> scheduler;
  private final BlobStore blobs;
  private final FlavourCatalog flavours;
  private final SubmissionArchive archive;
  private final ObjectMapper json;
  private final Duration askTimeout;

  public ClusterGradingDesk(ActorSystem<?> system, ActorRef<SchedulerCommand> scheduler, BlobStore blobs,
      FlavourCatalog flavours, SubmissionArchive archive, ObjectMapper json, Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.scheduler = scheduler;
    this.blobs = blobs;
    this.flavours = flavours;
    this.archive = archive;
    this.json = json;
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<AssignmentView> createAssignment(NewAssignment request) {
    if (flavours.find(request.flavour()).isEmpty()) {
      throw ApiProblem.badRequest("unknown_flavour",
          "no flavour " + request.flavour() + "; configured: " + flavours.all().keySet());
    }
    String id = request.id() != null ? request.id() : UUID.randomUUID().toString().substring(0, 8);
    byte[] spec;
    try {
      spec = json.writeValueAsBytes(request.spec());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return blobs.put(spec)
        .thenCompose(hash -> sharding.entityRefFor(Assignment.TYPE_KEY, id).<Assignment.AssignmentCreated>askWithStatus(
            replyTo -> new Assignment.Create(request.title(), request.flavour(), hash, Instant.now(), replyTo), askTimeout))
        .exceptionally(failure -> {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          if (cause instanceof StatusReply.ErrorMessage e && Assignment.EXISTS.equals(e.getMessage())) {
            throw ApiProblem.conflict("assignment_exists", "an assignment with id " + id + " exists");
          }
          throw new CompletionException(cause);
        })
        .thenApply(created -> new AssignmentView(id, created.title(), created.flavour(), request.spec(),
            created.specHash(), created.at()));
  }

  @Override
  public CompletionStage<Optional<AssignmentView>> assignment(String id) {
    return lookupAssignment(id).thenCompose(found -> found
        .map(a -> spec(a.specHash()).thenApply(spec ->
            Optional.of(new AssignmentView(id, a.title(), a.flavour(), spec, a.specHash(), a.at()))))
        .orElse(CompletableFuture.completedFuture(Optional.empty())));
  }

  private CompletionStage<Optional<Assignment.AssignmentCreated>> lookupAssignment(String id) {
    return sharding.entityRefFor(Assignment.TYPE_KEY, id)
        .ask(Assignment.Get::new, askTimeout)
        .thenApply(Assignment.Lookup::assignment);
  }

  private CompletionStage<GradingSpec> spec(String hash) {
    return blobs.get(hash).thenApply(bytes -> {
      try {
        return json.readValue(bytes.orElseThrow(() -> new IllegalStateException("the spec blob " + hash + " is missing")),
            GradingSpec.class);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public CompletionStage<SubmissionView> submit(String assignmentId, String student, List<SubmittedFile> files) {
    byte[] packed = archive.pack(files);
    List<String> paths = archive.validate(files).stream().map(SubmittedFile::path).toList();
    String submissionId = UUID.randomUUID().toString();
    String filesHash = ContentHash.sha256(packed);
    return lookupAssignment(assignmentId).thenCompose(found -> {
      Assignment.AssignmentCreated assignment = found.orElseThrow(() -> ApiProblem.notFound("assignment", assignmentId));
      GradingJob job = new GradingJob(submissionId, assignmentId, student, assignment.flavour(), assignment.specHash(),
          filesHash, 1, Instant.now(), JobPriority.INTERACTIVE);
      return admit(job)
          .thenCompose(admitted -> blobs.put(packed))
          .thenCompose(stored -> sharding.entityRefFor(Submission.TYPE_KEY, submissionId).<SubmissionView>askWithStatus(
              replyTo -> new Submission.Receive(assignmentId, student, assignment.flavour(), assignment.specHash(),
                  filesHash, paths, JobPriority.INTERACTIVE, job.receivedAt(), replyTo), askTimeout)
              .whenComplete((view, failure) -> scheduler.tell(failure == null
                  ? new SchedulerCommand.Confirm(submissionId, job.flavour())
                  : new SchedulerCommand.Cancel(submissionId, job.flavour()))));
    });
  }

  /** Holds the job's place in its queue; a full queue is a 503 with Retry-After. */
  private CompletionStage<Admission.Admitted> admit(GradingJob job) {
    return AskPattern.<SchedulerCommand, Admission>ask(scheduler, replyTo -> new SchedulerCommand.Admit(job, replyTo),
            askTimeout, system.scheduler())
        .thenApply(admission -> {
          if (admission instanceof Admission.Admitted a) {
            return a;
          }
          if (admission instanceof Admission.QueueFull full) {
            throw ApiProblem.unavailable("queue_full", "the " + full.flavour() + " queue is full (" + full.queued()
                + " submissions waiting); try again in " + full.retryAfterSeconds() + " s", full.retryAfterSeconds());
          }
          throw ApiProblem.badRequest("unknown_flavour", "the assignment's flavour " + job.flavour()
              + " is not configured on the scheduler");
        });
  }

  @Override
  public CompletionStage<Optional<SubmissionView>> submission(String id) {
    return sharding.entityRefFor(Submission.TYPE_KEY, id)
        .ask(Submission.Get::new, askTimeout)
        .thenApply(Submission.Lookup::submission)
        .thenCompose(found -> {
          if (found.isEmpty() || found.get().status() == SubmissionStatus.GRADED) {
            return CompletableFuture.completedFuture(found);
          }
          SubmissionView view = found.get();
          return AskPattern.<SchedulerCommand, JobStatus>ask(scheduler,
                  replyTo -> new SchedulerCommand.GetJobStatus(id, view.flavour(), replyTo), askTimeout, system.scheduler())
              .thenApply(status -> Optional.of(view.withQueue(status)));
        });
  }

  @Override
  public CompletionStage<QueuesStatus> queues() {
    return AskPattern.ask(scheduler, SchedulerCommand.GetQueues::new, askTimeout, system.scheduler());
  }

  @Override
  public CompletionStage<String> storeBlob(byte[] content) {
    return blobs.put(content);
  }

  @Override
  public CompletionStage<Optional<byte[]>> blob(String hash) {
    return blobs.get(hash);
  }
}
