package dev.autograder.queue;

import dev.autograder.CborSerializable;

/**
 * A job handed to one runner for one attempt.
 *
 * @param blobBaseUrl where the runner fetches the job's blobs (an API node's base URL)
 */
public record JobLease(GradingJob job, String runnerId, String blobBaseUrl)
    implements CborSerializable {

  public String submissionId() {
    return job.submissionId();
  }

  public int attempt() {
    return job.attempt();
  }
}
