package dev.autograder.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bytes handed from one thread to another, read as a stream: the supervisor's replies arrive from
 * the engine's callback thread, and requests go to the engine's stdin copier. Unlike the JDK's
 * piped streams it does not care which threads write (a session's steps run on any dispatcher
 * thread), and a read can wait until a deadline.
 */
final class BytePipe extends InputStream {
  private static final byte[] END = new byte[0];

  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private final CountDownLatch drained = new CountDownLatch(1);
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;

  /** System.nanoTime() after which a read gives up; Long.MAX_VALUE waits for ever. */
  private volatile long deadline = Long.MAX_VALUE;

  void write(byte[] bytes) {
    if (bytes.length > 0) {
      chunks.add(bytes);
    }
  }

  /** No more bytes will come: readers see the end of the stream once they have read the rest. */
  void end() {
    chunks.add(END);
  }

  /** Reads from now on fail with {@link PipeTimeout} once {@code nanos} have passed. */
  void deadlineIn(long nanos) {
    deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (position == current.length) {
      if (ended) {
        return -1;
      }
      byte[] next;
      try {
        long limit = deadline;
        if (limit == Long.MAX_VALUE) {
          next = chunks.take();
        } else {
          next = chunks.poll(Math.max(0, limit - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (next == null) {
            throw new PipeTimeout();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for bytes");
      }
      if (next == END) {
        ended = true;
        drained.countDown();
        return -1;
      }
      current = next;
      position = 0;
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }

  /**
   * Waits until a reader has read everything up to the end, or the wait is over; true when it has.
   */
  boolean awaitDrained(Duration wait) {
    try {
      return drained.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public int available() {
    return current.length - position;
  }

  @Override
  public void close() {
    end();
  }

  /** The deadline passed before the bytes came. */
  static final class PipeTimeout extends IOException {
    PipeTimeout() {
      super("no answer before the deadline");
    }
  }
}
