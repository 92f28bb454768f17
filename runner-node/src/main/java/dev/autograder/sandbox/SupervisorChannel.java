package dev.autograder.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's end of a supervisor's stdin and stdout, attached through the engine: requests go in
 * as frames, replies come back one per request. The supervisor's stderr is its diagnostics: kept
 * (the last few KiB) for the failure messages and logged at debug.
 */
final class SupervisorChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SupervisorChannel.class);
  private static final int DIAGNOSTICS = 8192;
  private static final Duration DRAIN = Duration.ofSeconds(1);

  private final String label;
  private final BytePipe requests = new BytePipe();
  private final BytePipe replies = new BytePipe();
  private final StringBuilder diagnostics = new StringBuilder();
  private final Attachment attachment = new Attachment();

  private SupervisorChannel(String label) {
    this.label = label;
  }

  /** Attaches to a container's stdin, stdout and stderr; answers once the engine has attached. */
  static SupervisorChannel attach(DockerClient docker, String containerId, String label) {
    SupervisorChannel channel = new SupervisorChannel(label);
    docker
        .attachContainerCmd(containerId)
        .withStdIn(channel.requests)
        .withStdOut(true)
        .withStdErr(true)
        .withFollowStream(true)
        .withLogs(false)
        .exec(channel.attachment);
    try {
      if (!channel.attachment.awaitStarted(30, TimeUnit.SECONDS)) {
        channel.close();
        throw new SandboxFailure("the engine did not attach to the sandbox within 30 s", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.close();
      throw new SandboxFailure("interrupted while attaching to the sandbox", e);
    }
    return channel;
  }

  /**
   * Sends one request and reads its reply, waiting at most {@code timeout}. Any failure to get a
   * well-formed reply in time leaves the channel unusable: the caller ends the session.
   */
  SupervisorProtocol.Reply exchange(byte[] request, Duration timeout) throws IOException {
    send(request);
    replies.deadlineIn(timeout.toNanos());
    return SupervisorProtocol.read(replies);
  }

  /** Writes bytes to the supervisor's stdin. */
  void send(byte[] bytes) {
    requests.write(bytes);
  }

  /** What the supervisor last wrote to its stderr. */
  String diagnostics() {
    synchronized (diagnostics) {
      return diagnostics.toString().strip();
    }
  }

  /**
   * Ends the supervisor's stdin (it then stops every run and exits) and detaches, once the engine
   * has taken what was sent (or after a second).
   */
  @Override
  public void close() {
    requests.end();
    requests.awaitDrained(DRAIN);
    try {
      attachment.close();
    } catch (IOException e) {
      log.debug("{}: detaching from the sandbox: {}", label, e.getMessage());
    }
  }

  private final class Attachment extends ResultCallback.Adapter<Frame> {
    @Override
    public void onNext(Frame frame) {
      if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
        replies.write(frame.getPayload().clone());
      } else if (frame.getStreamType() == StreamType.STDERR) {
        String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
        log.debug("{}: supervisor: {}", label, text.strip());
        synchronized (diagnostics) {
          diagnostics.append(text);
          if (diagnostics.length() > DIAGNOSTICS) {
            diagnostics.delete(0, diagnostics.length() - DIAGNOSTICS);
          }
        }
      }
    }

    @Override
    public void onError(Throwable error) {
      log.debug("{}: the sandbox's stream failed: {}", label, error.toString());
      replies.end();
      super.onError(error);
    }

    @Override
    public void onComplete() {
      replies.end();
      super.onComplete();
    }
  }
}
