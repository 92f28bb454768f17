package dev.autograder.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.autograder.flavour.Flavour;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session: one container, its supervisor driven over the attached stdin and stdout. Each step is
 * one RUN request; the supervisor measures and limits the run and answers with what happened. Once
 * the supervisor fails to answer properly, the session is over and every later step is a {@link
 * SandboxFailure}: the platform failed, not the program.
 */
final class SupervisedSession implements Sandbox.Session {
  private static final Logger log = LoggerFactory.getLogger(SupervisedSession.class);

  /** Beyond a run's wall limit: its clean-up and the transfer of what it printed. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(30);

  private static final Duration FINISH_WAIT = Duration.ofSeconds(10);
  private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private final DockerClient docker;
  private final String container;
  private final Flavour flavour;
  private final List<String> environment;
  private final String label;
  private final Consumer<String> remove;
  private final SupervisorChannel channel;
  private String broken;

  SupervisedSession(
      DockerClient docker,
      String container,
      Flavour flavour,
      List<String> imageEnvironment,
      String label,
      Consumer<String> remove) {
    this.docker = docker;
    this.container = container;
    this.flavour = flavour;
    this.environment = imageEnvironment;
    this.label = label;
    this.remove = remove;
    this.channel = SupervisorChannel.attach(docker, container, label);
  }

  @Override
  public StepOutcome run(SandboxStep step) {
    if (broken != null) {
      throw new SandboxFailure("the sandbox already failed: " + broken, null);
    }
    SupervisorProtocol.Reply reply;
    try {
      reply = channel.exchange(request(step), step.wallLimit().plus(ANSWER_MARGIN));
    } catch (IOException e) {
      throw failed(step, e);
    }
    if (reply.type() == SupervisorProtocol.ERROR) {
      throw new SandboxFailure(
          "the supervisor refused the step "
              + step.command()
              + ": "
              + reply.text(SupervisorProtocol.MESSAGE),
          null);
    }
    if (reply.type() != SupervisorProtocol.RESULT) {
      throw failed(step, new IOException("a reply of type " + reply.type() + " to a RUN"));
    }
    try {
      StepOutcome outcome = outcome(reply);
      log.debug(
          "{} step {} exit {} wall {} ms cpu {} ms{}{}",
          label,
          step.command(),
          outcome.exitCode(),
          outcome.wallMillis(),
          outcome.cpuMillis(),
          outcome.overTime() ? " over time" : "",
          outcome.oomKilled() ? " oom" : "");
      return outcome;
    } catch (SupervisorProtocol.MalformedFrame e) {
      throw failed(step, e);
    }
  }

  private SandboxFailure failed(SandboxStep step, IOException e) {
    String why = e instanceof EOFException ? "the supervisor ended" : e.getMessage();
    String diagnostics = channel.diagnostics();
    broken = why + (diagnostics.isEmpty() ? "" : " (it said: " + diagnostics + ")");
    log.warn("{}: the sandbox failed during {}: {}", label, step.command(), broken);
    return new SandboxFailure("the sandbox failed: " + broken, e);
  }

  private byte[] request(SandboxStep step) {
    var frame =
        new SupervisorProtocol.FrameBuilder(SupervisorProtocol.RUN)
            .text(SupervisorProtocol.DIR, step.dir())
            .text(SupervisorProtocol.CWD, step.workingDir());
    step.command().forEach(arg -> frame.text(SupervisorProtocol.ARG, arg));
    environment(step.dir()).forEach(variable -> frame.text(SupervisorProtocol.ENV, variable));
    if (step.stdin().length > 0) {
      frame.bytes(SupervisorProtocol.STDIN, step.stdin());
    }
    step.files()
        .forEach((path, content) -> frame.file(SupervisorProtocol.FILE, path, 0755, content));
    long cap = flavour.outputLimitBytes();
    frame
        .number(SupervisorProtocol.WALL_MS, Math.max(1, step.wallLimit().toMillis()))
        .number(SupervisorProtocol.CPU_MS, step.cpuLimit().toMillis())
        .number(SupervisorProtocol.FSIZE, step.fileSizeLimit())
        .number(SupervisorProtocol.NPROC, flavour.pids())
        .number(SupervisorProtocol.NOFILE, flavour.openFiles())
        .number(SupervisorProtocol.OUTPUT_CAP, cap)
        .number(SupervisorProtocol.STACK, flavour.memoryBytes())
        .number(SupervisorProtocol.COLLECT_CAP, step.collectCap() > 0 ? step.collectCap() : cap);
    step.collect().forEach(path -> frame.text(SupervisorProtocol.COLLECT, path));
    if (step.keep()) {
      frame.number(SupervisorProtocol.KEEP, 1);
    }
    step.peer()
        .ifPresent(
            peer -> {
              peer.command().forEach(arg -> frame.text(SupervisorProtocol.PEER_ARG, arg));
              frame.text(SupervisorProtocol.PEER_DIR, peer.dir());
              peer.files()
                  .forEach(
                      (path, content) ->
                          frame.file(SupervisorProtocol.PEER_FILE, path, 0755, content));
              frame.number(SupervisorProtocol.PEER_CPU_MS, peer.cpuLimit().toMillis());
              peer.collect().forEach(path -> frame.text(SupervisorProtocol.PEER_COLLECT, path));
            });
    return frame.build();
  }

  /** The image's environment with the run's own home, temporary directory and locale. */
  private List<String> environment(String home) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("PATH", PATH);
    for (String variable : environment) {
      int equals = variable.indexOf('=');
      if (equals > 0) {
        variables.put(variable.substring(0, equals), variable.substring(equals + 1));
      }
    }
    variables.put("HOME", home);
    variables.put("TMPDIR", "/tmp");
    variables.putIfAbsent("LANG", "C.UTF-8");
    List<String> env = new ArrayList<>();
    variables.forEach((name, value) -> env.add(name + "=" + value));
    return env;
  }

  private static StepOutcome outcome(SupervisorProtocol.Reply r)
      throws SupervisorProtocol.MalformedFrame {
    long flags = r.number(SupervisorProtocol.FLAGS, 0);
    byte[] stderr = r.bytes(SupervisorProtocol.STDERR).orElse(new byte[0]);
    int exit = exitCode(r, 0);
    if (r.number(SupervisorProtocol.STATUS, 0) == SupervisorProtocol.NOT_STARTED) {
      stderr = r.text(SupervisorProtocol.START_ERROR).getBytes(StandardCharsets.UTF_8);
    }
    Optional<StepOutcome.PeerOutcome> peer = Optional.empty();
    if (r.bytes(SupervisorProtocol.PEER + SupervisorProtocol.STATUS).isPresent()) {
      int p = SupervisorProtocol.PEER;
      long peerFlags = r.number(p + SupervisorProtocol.FLAGS, 0);
      byte[] peerErr =
          r.number(p + SupervisorProtocol.STATUS, 0) == SupervisorProtocol.NOT_STARTED
              ? r.text(p + SupervisorProtocol.START_ERROR).getBytes(StandardCharsets.UTF_8)
              : r.bytes(p + SupervisorProtocol.STDERR).orElse(new byte[0]);
      peer =
          Optional.of(
              new StepOutcome.PeerOutcome(
                  exitCode(r, p),
                  peerErr,
                  (peerFlags & SupervisorProtocol.CPU_LIMIT) != 0,
                  (peerFlags & SupervisorProtocol.OOM_KILLED) != 0,
                  r.number(p + SupervisorProtocol.CPU, -1),
                  r.number(p + SupervisorProtocol.MAXRSS_KB, -1),
                  collected(r, p + SupervisorProtocol.COLLECTED)));
    }
    return new StepOutcome(
        exit,
        r.bytes(SupervisorProtocol.STDOUT).orElse(new byte[0]),
        stderr,
        (flags & SupervisorProtocol.OUTPUT_LIMIT) != 0,
        (flags & SupervisorProtocol.TIMED_OUT) != 0,
        (flags & SupervisorProtocol.CPU_LIMIT) != 0,
        (flags & SupervisorProtocol.OOM_KILLED) != 0,
        r.number(SupervisorProtocol.WALL, -1),
        r.number(SupervisorProtocol.CPU, -1),
        r.number(SupervisorProtocol.MAXRSS_KB, -1),
        collected(r, SupervisorProtocol.COLLECTED),
        peer);
  }

  /**
   * The exit as a shell tells it: the code, 128 + a signal, or 127 for a program that never
   * started.
   */
  private static int exitCode(SupervisorProtocol.Reply r, int offset)
      throws SupervisorProtocol.MalformedFrame {
    long status = r.number(offset + SupervisorProtocol.STATUS, SupervisorProtocol.NOT_STARTED);
    long code = r.number(offset + SupervisorProtocol.CODE, 0);
    if (status == SupervisorProtocol.EXITED) {
      return (int) code;
    }
    return status == SupervisorProtocol.SIGNALLED ? 128 + (int) code : 127;
  }

  private static Map<String, byte[]> collected(SupervisorProtocol.Reply r, int tag)
      throws SupervisorProtocol.MalformedFrame {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (var f : r.files(tag)) {
      files.put(f.name(), f.content());
    }
    return files;
  }

  /**
   * Asks the supervisor to stop everything and exit, which removes the container; a container that
   * does not end in time is removed by force.
   */
  @Override
  public void close() {
    if (broken == null) {
      try {
        var reply =
            channel.exchange(
                new SupervisorProtocol.FrameBuilder(SupervisorProtocol.FINISH).build(),
                FINISH_WAIT);
        if (reply.type() != SupervisorProtocol.BYE) {
          log.warn(
              "{}: the supervisor answered FINISH with a reply of type {}", label, reply.type());
        }
      } catch (IOException e) {
        log.warn("{}: the supervisor did not say goodbye: {}", label, e.getMessage());
        broken = "it did not finish";
      }
    }
    channel.close();
    if (broken != null || !exited()) {
      remove.accept(container);
    }
  }

  private boolean exited() {
    try {
      docker
          .waitContainerCmd(container)
          .start()
          .awaitStatusCode(FINISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (NotFoundException e) {
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
