package dev.autograder.submission;

import dev.autograder.course.Assignment;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.ResultBudget;
import dev.autograder.grading.SetupReport;
import dev.autograder.queue.JobKind;
import dev.autograder.queue.JobLease;
import dev.autograder.scheduler.SubmissionLedger;
import dev.autograder.submission.view.SubmissionView;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Records job starts, attempts that ended without a grade, and results on the sharded Submission
 * entities; a setup check's outcome on its Assignment entity. A result is cut to the result budget
 * first (runners do so already): the entity may live on another node, and a result over Artery's
 * frame would never reach it.
 */
public final class ShardedSubmissionLedger implements SubmissionLedger {
  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final ResultBudget resultBudget;

  public ShardedSubmissionLedger(
      ClusterSharding sharding, Duration askTimeout, ResultBudget resultBudget) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
    this.resultBudget = resultBudget;
  }

  @Override
  public void started(JobLease lease) {
    if (lease.job().kind() == JobKind.SETUP_CHECK) {
      return;
    }
    sharding
        .entityRefFor(Submission.TYPE_KEY, lease.submissionId())
        .tell(new Submission.MarkRunning(lease.attempt(), lease.runnerId(), Instant.now()));
  }

  @Override
  public void ended(JobLease lease, SubmissionView.Ending ending, String reason) {
    if (lease.job().kind() == JobKind.SETUP_CHECK) {
      return;
    }
    sharding
        .entityRefFor(Submission.TYPE_KEY, lease.submissionId())
        .tell(new Submission.MarkEnded(lease.attempt(), ending, reason, Instant.now()));
  }

  @Override
  public CompletionStage<Done> graded(JobLease lease, GradingResult result) {
    if (lease.job().kind() == JobKind.SETUP_CHECK) {
      // A check that never ran (its attempts used up) fails the setup with the reason: staff see
      // it.
      SetupReport report =
          result.setup() != null
              ? result.setup()
              : SetupReport.failed("the setup check could not run: " + result.log());
      return sharding
          .entityRefFor(Assignment.TYPE_KEY, lease.job().assignmentId())
          .askWithStatus(
              replyTo ->
                  new Assignment.RecordSetupCheck(
                      lease.job().checkedSpecVersion(), report, Instant.now(), replyTo),
              askTimeout);
    }
    GradingResult bounded = resultBudget.bound(result);
    return sharding
        .entityRefFor(Submission.TYPE_KEY, lease.submissionId())
        .askWithStatus(
            replyTo ->
                new Submission.RecordResult(lease.attempt(), bounded, Instant.now(), replyTo),
            askTimeout);
  }
}
