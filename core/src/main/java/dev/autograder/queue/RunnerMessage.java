package dev.autograder.queue;

import dev.autograder.CborSerializable;

/**
 * What the scheduler sends to a runner. An open interface: a runner adds private messages of its
 * own; the records here are the wire protocol.
 */
public interface RunnerMessage extends CborSerializable {

  /** Work for an idle runner. */
  record JobOffered(JobLease lease) implements RunnerMessage {}

  /** The result of this attempt is recorded (or was a duplicate): the runner may take more work. */
  record ResultRecorded(String submissionId, int attempt) implements RunnerMessage {}
}
