package dev.autograder.system;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test hosts on this machine, each in a network namespace of its own on a common bridge, made and
 * cut by scripts/netns-hosts.sh. Closing removes them, with anything still running inside.
 */
final class NetworkHosts implements AutoCloseable {
  private static final String SCRIPT =
      NodeProcess.REPO.resolve("scripts/netns-hosts.sh").toString();

  private NetworkHosts() {}

  /** Root, iproute2 and curl: what making namespaces and calling into them needs. */
  static boolean available() {
    try {
      return "0".equals(run("id", "-u"))
          && run("ip", "netns", "list") != null
          && run("curl", "--version") != null;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static NetworkHosts up() throws IOException, InterruptedException {
    NetworkHosts hosts = new NetworkHosts();
    try {
      script("up");
    } catch (IllegalStateException e) {
      hosts.close(); // what was made before the failure
      throw e;
    }
    return hosts;
  }

  /** Drops every packet of the host at the bridge. */
  void cut(String host) throws IOException, InterruptedException {
    script("cut", host);
  }

  void heal(String host) throws IOException, InterruptedException {
    script("heal", host);
  }

  String address(String host) throws IOException, InterruptedException {
    return script("addr", host);
  }

  /** The command prefix that runs a program on the host. */
  List<String> launcher(String host) throws IOException, InterruptedException {
    return List.of("ip", "netns", "exec", script("ns", host));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    script("down");
  }

  private static String script(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(SCRIPT));
    cmd.addAll(List.of(args));
    String out = run(cmd.toArray(String[]::new));
    if (out == null) {
      throw new IllegalStateException(
          "scripts/netns-hosts.sh " + String.join(" ", args) + " failed");
    }
    return out;
  }

  /** The command's standard output, or null when it failed. */
  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    return p.waitFor() == 0 ? out : null;
  }
}
