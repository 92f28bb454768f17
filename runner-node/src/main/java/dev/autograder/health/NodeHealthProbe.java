package dev.autograder.health;

import com.sun.management.OperatingSystemMXBean;
import dev.autograder.queue.NodeHealth;
import dev.autograder.queue.Telemetry;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Measures this runner node: CPU (the JVM's and the machine's), memory, free disk where its work
 * and the engine's data live, and what the Docker engine says. The engine's answer is measured
 * apart ({@link SandboxEngine}, blocking: on the sandbox dispatcher), the rest here at once.
 */
public final class NodeHealthProbe {

  /** The engine's side of a node's health. */
  public interface SandboxEngine {
    /** Milliseconds the engine took to answer a ping, or -1 when it did not answer. Blocks. */
    long pingMillis();

    /** The engine's running containers of this node. Blocks. */
    int runningContainers();

    /** How long this node's calls to the engine took so far, per call. Does not block. */
    List<Telemetry.HistogramSample> callTimes();
  }

  /**
   * What the engine answered, once measured.
   *
   * @param millis -1 when it did not answer
   */
  public record EngineAnswer(long millis, int runningContainers) {
    public static final EngineAnswer SILENT = new EngineAnswer(-1, 0);
  }

  /**
   * @param maxEngineMillis the engine may take this long to answer before the node is unhealthy
   * @param minDiskFreeBytes the node is unhealthy with less free disk than this
   */
  public record Limits(long maxEngineMillis, long minDiskFreeBytes) {}

  private final String node;
  private final String flavour;
  private final int slots;
  private final File disk;
  private final Limits limits;
  private final SandboxEngine engine;
  private final OperatingSystemMXBean os;

  public NodeHealthProbe(
      String node, String flavour, int slots, File disk, Limits limits, SandboxEngine engine) {
    this.node = node;
    this.flavour = flavour;
    this.slots = slots;
    this.disk = disk;
    this.limits = limits;
    this.engine = engine;
    java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    this.os = bean instanceof OperatingSystemMXBean sun ? sun : null;
  }

  /**
   * Asks the engine; blocks. A failure to list containers counts as an engine that did not answer.
   */
  public EngineAnswer askEngine() {
    long millis = engine.pingMillis();
    if (millis < 0) {
      return EngineAnswer.SILENT;
    }
    try {
      return new EngineAnswer(millis, engine.runningContainers());
    } catch (RuntimeException e) {
      return EngineAnswer.SILENT;
    }
  }

  /** This node's health with the engine's latest answer. */
  public NodeHealth measure(String address, EngineAnswer answer) {
    double processCpu = os == null ? -1 : os.getProcessCpuLoad();
    double systemCpu = os == null ? -1 : os.getCpuLoad();
    long total = os == null ? Runtime.getRuntime().maxMemory() : os.getTotalMemorySize();
    long used =
        os == null
            ? Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()
            : total - os.getFreeMemorySize();
    return new NodeHealth(
        node,
        address,
        flavour,
        slots,
        processCpu,
        systemCpu,
        used,
        total,
        disk.getUsableSpace(),
        answer.millis(),
        answer.runningContainers(),
        limits.maxEngineMillis(),
        limits.minDiskFreeBytes(),
        System.currentTimeMillis(),
        engine.callTimes());
  }
}
