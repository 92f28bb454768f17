package dev.autograder.blob;

import dev.autograder.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What an API node's blob server accepts from runners: reads of content-addressed blobs (submission
 * archives, grading specs with hidden answers) over the cluster's own transport, so they travel as
 * encrypted as the rest of the cluster's traffic. It is an open interface because the server adds
 * private messages of its own; the records here are the wire protocol.
 */
public interface BlobCommand extends CborSerializable {

  /**
   * The blob's bytes from {@code offset} on, at most {@link BlobChunk#MAX_BYTES} of them. A runner
   * asks for the next chunk only once it has the previous one, so no blob floods the transport and
   * no message exceeds its frame. Answered only to a runner that holds a lease naming the blob;
   * anyone else gets an error.
   */
  record ReadChunk(String hash, long offset, ActorRef<StatusReply<BlobChunk>> replyTo)
      implements BlobCommand {}
}
