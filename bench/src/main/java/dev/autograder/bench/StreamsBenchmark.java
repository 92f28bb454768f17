package dev.autograder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.client.ApiClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Status streams: what 1,000 open streams cost the scheduler node (heap after a full GC, CPU,
 * threads) against the same number of idle HTTP connections, and how soon a change reaches the
 * streams' clients while a runner grades the watched submissions.
 */
public final class StreamsBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ASSIGNMENT = "hello-python";
  private static final int WATCHERS = 10;

  /** Each watcher's share; the per-user cap is set to it. */
  private static final int PER_WATCHER = 100;

  private static final int STREAMS = WATCHERS * PER_WATCHER;
  private static final int STUDENTS = 100;
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private StreamsBenchmark() {}

  /** What the scheduler node uses: heap after a full GC, threads, CPU over a window. */
  private record Usage(double heapMib, int threads, double cpuPercent) {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 1);
    int graded = options.quick() ? 100 : 300;
    int rounds = options.rounds();
    double[][] base = new double[3][rounds];
    double[][] idle = new double[3][rounds];
    double[][] streams = new double[3][rounds];
    double[] grading = new double[rounds];
    double[] doneP50 = new double[rounds];
    double[] doneP99 = new double[rounds];
    double[] runningP50 = new double[rounds];
    double[] runningP99 = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      try (LocalCluster cluster = new LocalCluster("streams", options.postgresUrl())) {
        ApiClient api =
            cluster.startScheduler(
                Map.of("autograder.http.status-streams.per-user", String.valueOf(PER_WATCHER)));
        ProcessHandle node = cluster.schedulerProcess();
        Hello.PYTHON.createAssignment(api, ASSIGNMENT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
          var accepted =
              api.submit(
                  ASSIGNMENT,
                  "student-" + (i % STUDENTS),
                  Hello.PYTHON.files(UUID.randomUUID().toString()));
          if (accepted.status() != 202) {
            throw new IllegalStateException(
                "submission " + i + " answered " + accepted.status() + ": " + accepted.body());
          }
          ids.add(accepted.body().path("id").asText());
        }
        List<ApiClient> watchers = new ArrayList<>();
        for (int w = 0; w < WATCHERS; w++) {
          watchers.add(teachingAssistant(api, "watcher-" + w));
        }
        record(base, r, measure(node));
        System.out.printf(
            "round %d: %d submissions waiting, nothing open: %s%n", r + 1, STREAMS, base(base, r));

        List<Socket> sockets = idleConnections(cluster.httpPort());
        record(idle, r, measure(node));
        System.out.printf("round %d: %d idle connections: %s%n", r + 1, STREAMS, base(idle, r));
        for (Socket s : sockets) {
          s.close();
        }

        Queue<Double> done = new ConcurrentLinkedQueue<>();
        Queue<Double> running = new ConcurrentLinkedQueue<>();
        CountDownLatch opened = new CountDownLatch(STREAMS);
        CountDownLatch finished = new CountDownLatch(graded);
        for (int i = 0; i < STREAMS; i++) {
          watchers
              .get(i / PER_WATCHER)
              .events(ids.get(i), new Watcher(opened, finished, running, done));
        }
        if (!opened.await(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              opened.getCount() + " streams did not send their first event");
        }
        record(streams, r, measure(node));
        System.out.printf(
            "round %d: %d open status streams: %s%n", r + 1, STREAMS, base(streams, r));

        long cpuBefore = cpuNanos(node);
        long start = System.nanoTime();
        cluster.startRunner("runner", 2, Map.of("autograder.runner.warm-pool", "on"));
        if (!finished.await(15, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              "only "
                  + (graded - finished.getCount())
                  + " of "
                  + graded
                  + " watched submissions were graded in time");
        }
        grading[r] = 100.0 * (cpuNanos(node) - cpuBefore) / (System.nanoTime() - start);
        doneP50[r] = quantile(done, 0.5);
        doneP99[r] = quantile(done, 0.99);
        runningP50[r] = quantile(running, 0.5);
        runningP99[r] = quantile(running, 0.99);
        System.out.printf(
            "round %d: graded-to-done p50 %.1f ms, p99 %.1f ms; started-to-running p50 %.1f ms, p99 %.1f ms"
                + " (%d and %d events); node CPU while grading %.0f %%%n",
            r + 1,
            doneP50[r],
            doneP99[r],
            runningP50[r],
            runningP99[r],
            done.size(),
            running.size(),
            grading[r]);
      }
    }
    new Report(
            "streams",
            "Status streams: "
                + STREAMS
                + " open on one scheduler node ("
                + rounds
                + " round"
                + (rounds == 1 ? "" : "s")
                + ")")
        .figure("baseHeapMib", "heap after full GC, nothing open", "MiB", "%.1f", base[0])
        .figure(
            "idleHeapMib",
            "heap after full GC, " + STREAMS + " idle connections",
            "MiB",
            "%.1f",
            idle[0])
        .figure(
            "streamsHeapMib",
            "heap after full GC, " + STREAMS + " streams",
            "MiB",
            "%.1f",
            streams[0])
        .figure("baseThreads", "threads, nothing open", "", "%.0f", base[1])
        .figure("idleThreads", "threads, " + STREAMS + " idle connections", "", "%.0f", idle[1])
        .figure("streamsThreads", "threads, " + STREAMS + " streams", "", "%.0f", streams[1])
        .figure("baseCpuPercent", "node CPU, nothing open", "% of a core", "%.1f", base[2])
        .figure(
            "idleCpuPercent",
            "node CPU, " + STREAMS + " idle connections",
            "% of a core",
            "%.1f",
            idle[2])
        .figure(
            "streamsCpuPercent",
            "node CPU, " + STREAMS + " streams",
            "% of a core",
            "%.1f",
            streams[2])
        .figure(
            "gradingCpuPercent",
            "node CPU while " + graded + " watched are graded",
            "% of a core",
            "%.0f",
            grading)
        .figure("doneP50Millis", "graded-to-done event p50", "ms", "%.1f", doneP50)
        .figure("doneP99Millis", "graded-to-done event p99", "ms", "%.1f", doneP99)
        .figure("runningP50Millis", "started-to-RUNNING event p50", "ms", "%.1f", runningP50)
        .figure("runningP99Millis", "started-to-RUNNING event p99", "ms", "%.1f", runningP99)
        .note(
            "A scheduler node (packaged jar, -Xmx768m, PostgreSQL) with "
                + STREAMS
                + " Python submissions waiting"
                + " from "
                + STUDENTS
                + " students; "
                + WATCHERS
                + " TAs open "
                + PER_WATCHER
                + " streams each"
                + " (status-streams.per-user set to "
                + PER_WATCHER
                + "), one per submission, from one client JVM.")
        .note(
            "Heap: used after jcmd GC.run; threads: /proc; CPU: the node's user+system time over "
                + WINDOW.toSeconds()
                + " s. Idle connections: "
                + STREAMS
                + " keep-alive connections that made one request (GET /alive) and wait.")
        .note(
            "Then a runner node (2 slots, warm pool) grades them while every stream stays open: each change moves the"
                + " places of all waiting jobs, so every stream gets pushes. Latency: the client's receipt of the event"
                + " minus the server's own timestamp of the change (gradedAt, the attempt's startedAt), same machine clock;"
                + " over the first "
                + graded
                + " graded.")
        .note(
            "The polling streams before issue 15 read the Submission entity and asked the scheduler twice a second"
                + " each: "
                + STREAMS
                + " streams were "
                + 2 * STREAMS
                + " entity reads and "
                + 2 * STREAMS
                + " scheduler asks a second whether anything changed or not; pushed streams cost a renewal of"
                + " both watches every 30 s ("
                + STREAMS / 15
                + " messages a second) and the changes themselves.")
        .publish();
  }

  private static String base(double[][] usage, int r) {
    return String.format(
        "heap %.1f MiB, %.0f threads, CPU %.1f %%", usage[0][r], usage[1][r], usage[2][r]);
  }

  private static void record(double[][] into, int r, Usage u) {
    into[0][r] = u.heapMib();
    into[1][r] = u.threads();
    into[2][r] = u.cpuPercent();
  }

  private static Usage measure(ProcessHandle node) throws Exception {
    long cpu = cpuNanos(node);
    long start = System.nanoTime();
    Thread.sleep(WINDOW.toMillis());
    double cpuPercent = 100.0 * (cpuNanos(node) - cpu) / (System.nanoTime() - start);
    String pid = String.valueOf(node.pid());
    Command.output(jcmd(), pid, "GC.run");
    Matcher used = HEAP_USED.matcher(Command.output(jcmd(), pid, "GC.heap_info").orElse(""));
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info said nothing of the heap used");
    }
    int threads =
        Files.readAllLines(Path.of("/proc", pid, "status")).stream()
            .filter(l -> l.startsWith("Threads:"))
            .mapToInt(l -> Integer.parseInt(l.substring(8).strip()))
            .findFirst()
            .orElseThrow();
    return new Usage(Long.parseLong(used.group(1)) / 1024.0, threads, cpuPercent);
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  /** The process's user and system time, from /proc (clock ticks of 10 ms). */
  private static long cpuNanos(ProcessHandle node) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(node.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
  }

  /** Keep-alive connections that made one request and then wait, as a browser's idle ones do. */
  private static List<Socket> idleConnections(int port) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    byte[] request =
        "GET /alive HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < STREAMS; i++) {
      Socket s = new Socket("127.0.0.1", port);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      sockets.add(s);
    }
    for (Socket s : sockets) {
      s.setSoTimeout(30_000);
      if (s.getInputStream().read(new byte[4096]) < 1) {
        throw new IOException("an idle connection was closed before its answer");
      }
    }
    return sockets;
  }

  private static double quantile(Queue<Double> latencies, double q) {
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return Figure.quantile(sorted, q);
  }

  /**
   * One stream's client: counts its first event, and measures the RUNNING and done events against
   * the server's timestamps of those changes.
   */
  private static final class Watcher implements Flow.Subscriber<String> {
    private final CountDownLatch opened;
    private final CountDownLatch finished;
    private final Queue<Double> running;
    private final Queue<Double> done;
    private String type;
    private String data;
    private boolean first = true;
    private boolean sawRunning;

    Watcher(
        CountDownLatch opened, CountDownLatch finished, Queue<Double> running, Queue<Double> done) {
      this.opened = opened;
      this.finished = finished;
      this.running = running;
      this.done = done;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event:")) {
        type = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data = line.substring(5).strip();
      } else if (line.isEmpty() && data != null) {
        event(Instant.now());
        type = null;
        data = null;
      }
    }

    private void event(Instant at) {
      if (first) {
        first = false;
        opened.countDown();
      }
      JsonNode s;
      try {
        s = JSON.readTree(data);
      } catch (IOException e) {
        throw new IllegalStateException("an event that is not JSON: " + data, e);
      }
      if (!sawRunning && s.path("status").asText().equals("RUNNING")) {
        sawRunning = true;
        JsonNode attempts = s.path("attempts");
        Instant started =
            Instant.parse(attempts.path(attempts.size() - 1).path("startedAt").asText());
        running.add(Duration.between(started, at).toNanos() / 1e6);
      }
      if ("done".equals(type) && finished.getCount() > 0) {
        done.add(Duration.between(Instant.parse(s.path("gradedAt").asText()), at).toNanos() / 1e6);
        finished.countDown();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      // Once the measured submissions are graded, the node stops under the open streams.
      if (finished.getCount() > 0) {
        System.err.println("a stream failed: " + throwable);
      }
    }

    @Override
    public void onComplete() {}
  }

  /**
   * A new account, a TA of the bench's course, and a client that acts as them (signed in now, with
   * a token of their own): for what is counted per user.
   */
  private static ApiClient teachingAssistant(ApiClient api, String username) throws Exception {
    String password = "bench-" + UUID.randomUUID();
    api.createAccount(username, username, password);
    api.enrol(api.course(), username, "TA");
    ApiClient ta = api.as(username, password);
    ta.token();
    return ta;
  }
}
