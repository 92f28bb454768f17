package dev.autograder.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.flavour.Flavour;
import dev.autograder.system.NomadJobs.Block;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Nomad jobs under nomad/ agree with the deployment's configuration: one runner group per
 * flavour of conf/flavours.conf, sized by the rule in the job's meta, and a scheduler job that
 * survives the loss of a node.
 */
class NomadJobTest {
  private static final long MIB = 1024 * 1024;
  private static final String DOCKER_SOCKET = "/var/run/docker.sock:/var/run/docker.sock";

  private static Block task(Block group) {
    List<Block> tasks = group.labelled("task");
    assertEquals(1, tasks.size(), "group " + group.name() + " runs one task");
    return tasks.get(0);
  }

  @Test
  void everyFileUnderNomadIsAJobInHcl() throws IOException {
    var files = NomadJobs.files();
    assertFalse(files.isEmpty());
    for (var file : files) {
      assertTrue(
          file.path().toString().endsWith(".nomad.hcl"),
          file.path() + ": job files end in .nomad.hcl");
      assertEquals(1, file.jobs().size(), file.path() + " defines one job");
      Block job = file.jobs().get(0);
      assertEquals(
          "autograder",
          job.string("namespace"),
          job.name() + ": the variables under nomad/jobs are the namespace's");
      assertEquals("service", job.string("type"), job.name());
      assertFalse(
          imageOf(file.text()).endsWith(":latest"),
          job.name() + ": Nomad would pull :latest from a registry");
    }
  }

  private static String imageOf(String text) {
    Matcher m = Pattern.compile("default\\s*=\\s*\"(autograder-[a-z]+:[^\"]+)\"").matcher(text);
    assertTrue(m.find(), "the job names its image in a variable's default");
    return m.group(1);
  }

  @Test
  void everyFlavourHasARunnerGroupSizedByTheRule() throws IOException {
    Block job = NomadJobs.job("autograder-runners");
    Block meta = job.block("meta");
    long mhzPerCore = Long.parseLong(meta.string("cpu_mhz_per_core"));
    long nodeCpu = Long.parseLong(meta.string("node_cpu_mhz"));
    long nodeMemory = Long.parseLong(meta.string("node_memory_mib"));
    Map<String, Flavour> flavours = NodeProcess.flavours().all();
    Set<String> groups =
        job.labelled("group").stream()
            .map(Block::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        flavours.keySet(),
        groups,
        "one runner group per flavour of conf/flavours.conf, named after it");

    for (Block group : job.labelled("group")) {
      Flavour flavour = flavours.get(group.name());
      Block task = task(group);
      Block env = task.block("env");
      assertEquals(flavour.name(), env.string("AUTOGRADER_FLAVOUR"), group.name());
      long slots = Long.parseLong(env.string("AUTOGRADER_RUNNER_SLOTS"));
      Block resources = task.block("resources");
      assertEquals(
          Math.round(slots * flavour.cpus() * mhzPerCore) + nodeCpu,
          resources.number("cpu"),
          group.name() + ": cpu = slots x cpus x cpu_mhz_per_core + node_cpu_mhz");
      long perSlot = (flavour.memoryBytes() + flavour.tmpBytes() + flavour.workBytes()) / MIB;
      assertEquals(
          slots * perSlot + nodeMemory,
          resources.number("memory"),
          group.name() + ": memory = slots x (memory + tmp-size + work-size) + node_memory_mib");

      Block docker = task.block("config");
      assertEquals(Boolean.TRUE, docker.get("cpu_hard_limit"), group.name() + ": a hard CPU limit");
      assertEquals("host", docker.string("network_mode"), group.name());
      assertTrue(
          ((List<?>) docker.get("volumes")).contains(DOCKER_SOCKET),
          group.name() + ": the host's Docker engine");

      assertTrue(
          task.blocks("template").stream()
              .anyMatch(
                  t ->
                      t.string("destination").equals("secrets/tls/tls.crt")
                          && t.string("data").contains(".tls_runner_cert")),
          group.name() + ": a runner node gets the runner's certificate");

      // Recycling: the runner exits 0 after its job budget, and Nomad must start it again in place.
      assertEquals("delay", group.block("restart").string("mode"), group.name());

      Block scaling = group.block("scaling");
      assertEquals(Boolean.TRUE, scaling.get("enabled"), group.name());
      assertTrue(scaling.number("min") >= 1, group.name() + ": a flavour keeps a runner");
      List<Block> checks = scaling.block("policy").labelled("check");
      assertFalse(checks.isEmpty(), group.name() + ": a scaling check");
      for (Block check : checks) {
        assertEquals("prometheus", check.string("source"));
        assertTrue(
            check.string("query").contains("flavour=\"" + flavour.name() + "\""),
            group.name() + ": the query reads this flavour's queue: " + check.string("query"));
      }
    }
  }

  @Test
  void theSchedulerJobRunsTwoNodesOnDistinctHostsWithAHealthCheck() throws IOException {
    Block job = NomadJobs.job("autograder-scheduler");
    List<Block> groups = job.labelled("group");
    assertEquals(1, groups.size());
    Block group = groups.get(0);
    assertTrue(group.number("count") >= 2, "two or more scheduler nodes");
    assertTrue(
        group.blocks("constraint").stream()
            .anyMatch(c -> "distinct_hosts".equals(c.get("operator"))),
        "scheduler nodes on distinct hosts");
    List<Block> checks =
        group.blocks("service").stream().flatMap(s -> s.blocks("check").stream()).toList();
    assertTrue(
        checks.stream()
            .anyMatch(c -> "http".equals(c.get("type")) && "/ready".equals(c.get("path"))),
        "an HTTP health check: " + checks);
    assertEquals("http", group.blocks("service").get(0).string("port"));
    assertEquals(1, job.block("update").number("max_parallel"), "one scheduler node at a time");
    var templates = task(group).blocks("template");
    String secrets =
        templates.stream()
            .filter(t -> t.string("destination").endsWith(".env"))
            .findFirst()
            .orElseThrow()
            .string("data");
    for (String variable :
        List.of(
            "AUTOGRADER_DB_URL",
            "AUTOGRADER_DB_USER",
            "AUTOGRADER_DB_PASSWORD",
            "AUTOGRADER_SEED_NODES",
            "AUTOGRADER_ADMIN_PASSWORD")) {
      assertTrue(secrets.contains(variable + "={{"), variable + " comes from a Nomad variable");
    }
    for (String file : List.of("tls.key", "tls.crt", "ca.crt")) {
      assertTrue(
          templates.stream().anyMatch(t -> t.string("destination").equals("secrets/tls/" + file)),
          file + " of the cluster's TLS credentials comes from a Nomad variable");
    }
    assertTrue(
        templates.stream()
            .anyMatch(
                t ->
                    t.string("destination").equals("secrets/tls/tls.crt")
                        && t.string("data").contains(".tls_scheduler_cert")),
        "a scheduler node gets the scheduler's certificate");
  }

  @Test
  void theJobsSetOnlyVariablesTheNodesRead() throws IOException {
    Set<String> read = new TreeSet<>();
    Pattern variable = Pattern.compile("\\$\\{\\??(AUTOGRADER_[A-Z_]+)}");
    for (String text : configurationTexts()) {
      Matcher m = variable.matcher(text);
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    Set<String> unknown = new TreeSet<>(NomadJobs.variables());
    unknown.removeAll(read);
    assertEquals(Set.of(), unknown, "variables no configuration reads (read: " + read + ")");
  }

  /** Every configuration file a node loads: the modules' reference.conf and layers, and conf/. */
  private static List<String> configurationTexts() throws IOException {
    ClassLoader loader = NomadJobTest.class.getClassLoader();
    List<URL> resources = new ArrayList<>(Collections.list(loader.getResources("reference.conf")));
    for (String layer :
        List.of(
            "autograder-core.conf",
            "autograder-http.conf",
            "autograder-scheduler.conf",
            "autograder-runner.conf")) {
      resources.add(loader.getResource(layer));
    }
    List<String> texts = new ArrayList<>();
    for (URL url : resources) {
      try (InputStream in = url.openStream()) {
        texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    try (Stream<Path> conf = Files.list(NodeProcess.REPO.resolve("conf"))) {
      for (Path file : conf.toList()) {
        texts.add(Files.readString(file));
      }
    }
    return texts;
  }
}
