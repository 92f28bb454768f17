package dev.autograder.queue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.autograder.CborSerializable;

/** The scheduler's answer to {@link SchedulerCommand.Admit}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Admission.Admitted.class, name = "admitted"),
  @JsonSubTypes.Type(value = Admission.QueueFull.class, name = "full"),
  @JsonSubTypes.Type(value = Admission.TooManyQueued.class, name = "too-many-queued"),
  @JsonSubTypes.Type(value = Admission.UnknownFlavour.class, name = "unknown-flavour")
})
public sealed interface Admission extends CborSerializable {

  /** A place is held for the job until it is confirmed or cancelled. */
  record Admitted(String submissionId) implements Admission {}

  /** The flavour's queue is at its bound: try again after {@code retryAfterSeconds}. */
  record QueueFull(String flavour, int queued, long retryAfterSeconds) implements Admission {}

  /**
   * The student already has {@code limit} interactive submissions waiting in this flavour's queue:
   * try again after {@code retryAfterSeconds}, when one of them is likely to have started.
   */
  record TooManyQueued(
      String flavour, String student, int queued, int limit, long retryAfterSeconds)
      implements Admission {}

  record UnknownFlavour(String flavour) implements Admission {}
}
