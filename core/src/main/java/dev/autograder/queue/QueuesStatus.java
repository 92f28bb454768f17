package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.util.List;

/** Every flavour's queue. */
public record QueuesStatus(List<FlavourStatus> flavours) implements CborSerializable {
  public QueuesStatus {
    flavours = List.copyOf(flavours);
  }
}
