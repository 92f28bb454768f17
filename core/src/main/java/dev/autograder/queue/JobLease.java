package dev.autograder.queue;

import dev.autograder.CborSerializable;

/**
 * A job handed to one runner for one attempt.
 *
 * @param blobBaseUrl where the runner fetches the job's blobs (an API node's base URL)
 * @param renewEveryMillis how often the runner renews the lease; three missed renewals lose it
 */
public record JobLease(GradingJob job, String runnerId, String blobBaseUrl, long renewEveryMillis)
    implements CborSerializable {

  public String submissionId() {
    return job.submissionId();
  }

  public int attempt() {
    return job.attempt();
  }
}
