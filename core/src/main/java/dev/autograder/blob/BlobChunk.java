package dev.autograder.blob;

import dev.autograder.CborSerializable;

/**
 * Part of a blob.
 *
 * @param bytes the blob's bytes from {@code offset} on, at most {@link #MAX_BYTES}
 * @param totalSize the whole blob's size, so the reader knows when it has all of it
 */
public record BlobChunk(byte[] bytes, long offset, long totalSize) implements CborSerializable {
  /**
   * A quarter of Artery's 1 MiB frame, so a chunk leaves ample room beside the cluster's other
   * messages.
   */
  public static final int MAX_BYTES = 256 * 1024;
}
