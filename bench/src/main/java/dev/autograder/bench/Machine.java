package dev.autograder.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** What the figures were measured on: they mean little without it. */
public record Machine(
    int cores,
    double memoryGib,
    String os,
    String kernel,
    String jvm,
    String docker,
    String measuredAt) {

  public static Machine describe() {
    var bean = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        Math.round(bean.getTotalMemorySize() / (1024.0 * 1048576) * 10) / 10.0,
        osName(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        Command.output(
                "docker",
                "version",
                "--format",
                "engine {{.Server.Version}}, client {{.Client.Version}}")
            .orElse("no Docker engine"),
        Instant.now().toString());
  }

  private static String osName() {
    try {
      return Files.readAllLines(Path.of("/etc/os-release")).stream()
          .filter(l -> l.startsWith("PRETTY_NAME="))
          .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return System.getProperty("os.name");
    }
  }

  public String line() {
    return String.format(
        Locale.ROOT,
        "%d cores, %.1f GiB memory, %s (%s), %s, Docker %s, measured %s",
        cores,
        memoryGib,
        os,
        kernel,
        jvm,
        docker,
        measuredAt);
  }
}
