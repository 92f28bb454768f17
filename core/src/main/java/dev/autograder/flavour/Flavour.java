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
 * @param workTmpfsBytes size of the /tmp tmpfs
 */
public record Flavour(
    String name,
    double cpus,
    long memoryBytes,
    long pids,
    Duration wallTime,
    Duration compileWallTime,
    long outputLimitBytes,
    long workTmpfsBytes,
    int openFiles,
    String image) {

  public static Flavour fromConfig(String name, Config c) {
    return new Flavour(
        name,
        c.getDouble("cpus"),
        c.getBytes("memory"),
        c.getLong("pids"),
        c.getDuration("wall-time"),
        c.getDuration("compile-wall-time"),
        c.getBytes("output-limit"),
        c.getBytes("tmp-size"),
        c.getInt("open-files"),
        c.getString("image"));
  }
}
