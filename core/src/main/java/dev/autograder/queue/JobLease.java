package dev.autograder.queue;

import dev.autograder.CborSerializable;
import dev.autograder.blob.BlobCommand;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A job handed to one runner for one attempt.
 *
 * @param blobs the blob server of the API node the runner fetches the job's blobs from
 * @param renewEveryMillis how often the runner renews the lease; three missed renewals lose it
 */
public record JobLease(
    GradingJob job, String runnerId, ActorRef<BlobCommand> blobs, long renewEveryMillis)
    implements CborSerializable {

  public String submissionId() {
    return job.submissionId();
  }

  public int attempt() {
    return job.attempt();
  }
}
