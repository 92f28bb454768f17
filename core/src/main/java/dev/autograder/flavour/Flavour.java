package dev.autograder.flavour;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * A runner shape: the resources and limits every sandbox of this flavour gets.
 *
 * @param cpus CPU quota in cores (0.5 = half a core)
 * @param wallTime default wall-clock limit of one test
 * @param compileWallTime wall-clock limit of the compile step
 * @param outputLimitBytes the most a program may write to stdout or stderr
 * @param tmpBytes size of the /tmp tmpfs
 * @param workBytes size of the /work tmpfs that the steps of one submission share
 * @param setupNetwork the network a Gradescope autograder's setup.sh gets when its image is built
 */
public record Flavour(
    String name,
    double cpus,
    long memoryBytes,
    long pids,
    Duration wallTime,
    Duration compileWallTime,
    long outputLimitBytes,
    long tmpBytes,
    long workBytes,
    int openFiles,
    String image,
    SetupNetwork setupNetwork) {

  /** What setup.sh may reach while an assignment's image is built. */
  public enum SetupNetwork {
    /** The runner host's network: Debian's package mirrors, and whatever else the host reaches. */
    HOST,
    /** No network: setup.sh can use only what the grading image already has. */
    NONE
  }

  /** The same shape with other memory and output limits (a problem package may ask for less). */
  public Flavour limitedTo(long memory, long output) {
    return new Flavour(
        name,
        cpus,
        Math.min(memoryBytes, memory),
        pids,
        wallTime,
        compileWallTime,
        Math.min(outputLimitBytes, output),
        tmpBytes,
        workBytes,
        openFiles,
        image,
        setupNetwork);
  }

  /** The most output the sandbox's supervisor keeps of one stream (docs/sandbox-protocol.md). */
  public static final long MAX_OUTPUT_LIMIT = 16L * 1024 * 1024;

  public static Flavour fromConfig(String name, Config c) {
    if (c.getBytes("output-limit") < 1 || c.getBytes("output-limit") > MAX_OUTPUT_LIMIT) {
      throw new IllegalArgumentException(
          "autograder.flavours." + name + ".output-limit must be between 1 byte and 16 MiB");
    }
    return new Flavour(
        name,
        c.getDouble("cpus"),
        c.getBytes("memory"),
        c.getLong("pids"),
        c.getDuration("wall-time"),
        c.getDuration("compile-wall-time"),
        c.getBytes("output-limit"),
        c.getBytes("tmp-size"),
        c.getBytes("work-size"),
        c.getInt("open-files"),
        c.getString("image"),
        c.getEnum(SetupNetwork.class, "setup-network"));
  }
}
