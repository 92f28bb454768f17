package dev.autograder.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a step's container prints on its stdout, attached to before the container starts: the
 * step script ends it with the step's results (see {@code DockerSandbox.STEP_SCRIPT}). Reading them
 * here spares copying them out of the stopped container, an archive call that costs the engine a
 * process of its own.
 *
 * <p>Only the last bytes are kept: a program can print to the container's stdout as much as it
 * likes before the results, and the results are at most three times the cap plus their framing.
 */
final class StepPrintout extends ResultCallback.Adapter<Frame> {
  private static final Set<String> FILES = Set.of("usage", "stdout", "stderr");
  /** Room for the three header lines and the trailer. */
  private static final int FRAMING = 4096;

  private final int keep;
  private byte[] buffer = new byte[8192];
  private int length;

  private StepPrintout(long cap) {
    this.keep = (int) Math.min(Integer.MAX_VALUE - 8, 3 * cap + FRAMING);
  }

  /** Attaches to a created container's stdout; answers once the engine has attached. */
  static StepPrintout attach(DockerClient docker, String containerId, long cap) {
    StepPrintout printout = docker.attachContainerCmd(containerId).withStdOut(true).withStdErr(false)
        .withFollowStream(true).exec(new StepPrintout(cap));
    try {
      if (!printout.awaitStarted(30, TimeUnit.SECONDS)) {
        printout.close();
        throw new SandboxFailure("the engine did not attach to the step's container within 30 s", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      printout.close();
      throw new SandboxFailure("interrupted while attaching to the step's container", e);
    }
    return printout;
  }

  /** Detaches; the container runs on unaffected. */
  @Override
  public void close() {
    try {
      super.close();
    } catch (IOException e) {
      // The stream is closed either way.
    }
  }

  @Override
  public synchronized void onNext(Frame frame) {
    if (frame.getStreamType() != StreamType.STDOUT && frame.getStreamType() != StreamType.RAW) {
      return;
    }
    byte[] payload = frame.getPayload();
    if (length + payload.length > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + payload.length));
    }
    System.arraycopy(payload, 0, buffer, length, payload.length);
    length += payload.length;
    if (length > 2L * keep) {
      System.arraycopy(buffer, length - keep, buffer, 0, keep);
      length = keep;
    }
  }

  /**
   * The step's usage, stdout and stderr by name, once the container has exited with {@code
   * exitCode}; empty when the results did not come whole (the stream ended early, or the step was
   * killed before it could print them).
   */
  Optional<Map<String, byte[]>> results(int exitCode) {
    try {
      // The engine ends the stream as the container exits: a longer wait would only delay the copy.
      if (!awaitCompletion(3, TimeUnit.SECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    synchronized (this) {
      return parse(Arrays.copyOf(buffer, length), exitCode);
    }
  }

  /** Reads the results back from the trailer at the very end; anything before them is ignored. */
  static Optional<Map<String, byte[]>> parse(byte[] out, int exitCode) {
    int end = out.length;
    if (end == 0 || out[end - 1] != '\n') {
      return Optional.empty();
    }
    int trailerStart = lastLineStart(out, end - 1);
    String[] trailer = new String(out, trailerStart, end - 1 - trailerStart, StandardCharsets.US_ASCII).split(" ");
    if (trailer.length != 3 || !trailer[0].equals("end")) {
      return Optional.empty();
    }
    try {
      if (Integer.parseInt(trailer[1]) != exitCode) {
        return Optional.empty();
      }
      int framed = Integer.parseInt(trailer[2]);
      int at = trailerStart - framed;
      if (framed < 0 || at < 0) {
        return Optional.empty();
      }
      Map<String, byte[]> files = new HashMap<>();
      while (at < trailerStart) {
        int newline = indexOf(out, (byte) '\n', at, trailerStart);
        if (newline < 0) {
          return Optional.empty();
        }
        String[] header = new String(out, at, newline - at, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 2 || !FILES.contains(header[0])) {
          return Optional.empty();
        }
        int size = Integer.parseInt(header[1]);
        if (size < 0 || newline + 1 + size > trailerStart) {
          return Optional.empty();
        }
        files.put(header[0], Arrays.copyOfRange(out, newline + 1, newline + 1 + size));
        at = newline + 1 + size;
      }
      return files.keySet().equals(FILES) ? Optional.of(files) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int lastLineStart(byte[] out, int newline) {
    for (int i = newline - 1; i >= 0; i--) {
      if (out[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  private static int indexOf(byte[] out, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (out[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
