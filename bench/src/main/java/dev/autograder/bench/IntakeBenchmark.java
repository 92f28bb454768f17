package dev.autograder.bench;

import dev.autograder.client.ApiClient;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Intake: submissions accepted per second over HTTP by a real scheduler node on PostgreSQL, beside
 * the raw insert rate of the same PostgreSQL, in the same run, of the rows a submission writes.
 *
 * <p>The scheduler node has no runner and a queue bound far above the submissions sent, so nothing
 * but intake is measured: validation, the queue's admission, the blob insert, the journal event
 * (with its tag) and the answer. Raw is the same two writes done by JDBC alone, with rows of the
 * same size, by as many connections as the HTTP clients: the blob in one transaction and the event
 * with its tag in a second, as the node commits them. A batched raw figure (100 submissions' rows
 * per transaction) shows what PostgreSQL takes when commits are shared.
 */
public final class IntakeBenchmark {
  private static final int CLIENTS = 8;
  private static final int STUDENTS = 300;
  private static final int BATCH = 100;
  private static final String HELLO = "print(f'Hello, {input()}!')\n";
  private static final SecureRandom RANDOM = new SecureRandom();

  private IntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 5);
    int perRound = options.quick() ? 500 : 2000;
    String server = options.postgresUrl();
    double[] http = new double[options.rounds()];
    double[] raw = new double[options.rounds()];
    double[] batched = new double[options.rounds()];
    double[] ratio = new double[options.rounds()];
    double[] ratioBatched = new double[options.rounds()];
    double[] nodeCpu = new double[options.rounds()];
    Sizes sizes;
    try (LocalCluster cluster = new LocalCluster("intake", server)) {
      ApiClient api =
          cluster.startScheduler(
              Map.of(
                  "autograder.scheduler.max-queued-per-flavour",
                  "10000000",
                  "autograder.scheduler.max-queued-per-student",
                  "10000000"));
      ProcessHandle node = cluster.schedulerProcess();
      Hello.createAssignment(
          api,
          "intake",
          "Hello in Python",
          """
          {"language": "PYTHON", "tests": [{"name": "greets Ada", "stdin": "Ada\\n", "expectedStdout": "Hello, Ada!\\n"}]}""");
      api.enrol(
          java.util.stream.IntStream.range(0, STUDENTS).mapToObj(i -> "student-" + i).toList());
      try (Connection db = cluster.connect()) {
        submitOverHttp(api, node, perRound / 2); // warm-up: JIT, connection pools, shard allocation
        sizes = Sizes.of(db);
        insertRaw(cluster, sizes, perRound / 2);
        for (int r = 0; r < options.rounds(); r++) {
          Round round = submitOverHttp(api, node, perRound);
          http[r] = round.perSecond();
          nodeCpu[r] = round.nodeCpuMillis();
          raw[r] = insertRaw(cluster, sizes, perRound);
          batched[r] = insertBatched(db, sizes, perRound);
          ratio[r] = http[r] / raw[r];
          ratioBatched[r] = http[r] / batched[r];
          System.out.printf(
              "round %d: HTTP %.0f/s (node CPU %.2f ms each), raw %.0f/s, raw batched %.0f/s%n",
              r + 1, http[r], nodeCpu[r], raw[r], batched[r]);
        }
      }
    }
    new Report(
            "intake",
            "Intake over HTTP into PostgreSQL, beside raw inserts ("
                + options.rounds()
                + " rounds of "
                + perRound
                + " submissions, "
                + CLIENTS
                + " clients)")
        .figure("httpPerSecond", "submissions accepted per second over HTTP", "1/s", "%.0f", http)
        .figure(
            "rawPerSecond", "raw inserts per second, a commit per write", "subm./s", "%.0f", raw)
        .figure(
            "rawBatchedPerSecond",
            "raw inserts per second, 100 per commit",
            "subm./s",
            "%.0f",
            batched)
        .figure("ratio", "HTTP / raw (a commit per write)", "", "%.2f", ratio)
        .figure("ratioBatched", "HTTP / raw batched", "", "%.3f", ratioBatched)
        .figure("nodeCpuPerSubmission", "node CPU per submission over HTTP", "ms", "%.2f", nodeCpu)
        .note(
            "A real scheduler node (packaged jar) on a fresh PostgreSQL database, no runner node: the flavour's queue"
                + " bounds (max-queued-per-flavour, max-queued-per-student) are raised to 10,000,000 so intake is never"
                + " limited by grading.")
        .note(
            CLIENTS
                + " HTTP clients in the bench's JVM, each sending its next submission when the last is answered"
                + " (202); "
                + STUDENTS
                + " students; a Python hello world with a unique comment line.")
        .note(
            "Raw: per submission one blob row of "
                + sizes.blobBytes()
                + " bytes (autograder_blob) in its own"
                + " transaction, then one journal row of "
                + sizes.eventBytes()
                + " bytes (event_journal, the size of a"
                + " SubmissionReceived event) with its tag row (event_tag) in a second transaction, by "
                + CLIENTS
                + " connections; batched: the same rows, "
                + BATCH
                + " submissions per transaction, one connection.")
        .note(
            "The node also does what raw does not: HTTP, multipart parsing, the queue's admission, the Submission"
                + " entity and its projection into the pending-jobs table (asynchronous, not on the answer's path).")
        .note(
            "Client, node and PostgreSQL share this machine's "
                + Runtime.getRuntime().availableProcessors()
                + " cores. Node CPU per submission: the node process's CPU time (user and system) over an HTTP round,"
                + " divided by its submissions; it includes the read side projecting the events meanwhile, and"
                + " depends less than the rates on what else the machine runs.")
        .publish();
  }

  /**
   * One HTTP round: submissions accepted per second, and the node's CPU milliseconds per
   * submission.
   */
  record Round(double perSecond, double nodeCpuMillis) {}

  /** Closed loop of {@link #CLIENTS} clients. */
  private static Round submitOverHttp(ApiClient api, ProcessHandle node, int count)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      Duration cpuBefore = cpu(node);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        done.add(
            clients.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    // Every submission differs, as real ones do, so each stores a blob of its own.
                    var answer =
                        api.submit(
                            "intake",
                            "student-" + (i % STUDENTS),
                            Map.of("main.py", "# " + UUID.randomUUID() + "\n" + HELLO));
                    if (answer.status() != 202) {
                      throw new IllegalStateException(
                          "submission answered " + answer.status() + ": " + answer.body());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Round(count / seconds, cpu(node).minus(cpuBefore).toNanos() / 1e6 / count);
    } finally {
      clients.shutdownNow();
    }
  }

  private static Duration cpu(ProcessHandle node) {
    return node.info()
        .totalCpuDuration()
        .orElseThrow(
            () -> new IllegalStateException("this system does not tell a process's CPU time"));
  }

  /** How big the rows of one submission are, as the node wrote them. */
  record Sizes(int blobBytes, int eventBytes) {
    static Sizes of(Connection db) throws SQLException {
      try (Statement s = db.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT (SELECT avg(size) FROM autograder_blob),"
                      + " (SELECT avg(octet_length(event_payload)) FROM event_journal"
                      + " WHERE event_ser_manifest LIKE '%SubmissionReceived')")) {
        r.next();
        return new Sizes((int) Math.round(r.getDouble(1)), (int) Math.round(r.getDouble(2)));
      }
    }
  }

  /** One connection per client, a commit per write: submissions' rows per second. */
  private static double insertRaw(LocalCluster cluster, Sizes sizes, int count) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(CLIENTS);
    List<Connection> connections = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        connections.add(cluster.connect());
      }
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (Connection c : connections) {
        done.add(
            writers.submit(
                () -> {
                  try (PreparedStatement blob = c.prepareStatement(BLOB_INSERT);
                      PreparedStatement event =
                          c.prepareStatement(EVENT_INSERT, Statement.RETURN_GENERATED_KEYS);
                      PreparedStatement tag = c.prepareStatement(TAG_INSERT)) {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                      c.setAutoCommit(true);
                      bindBlob(blob, sizes).executeUpdate();
                      c.setAutoCommit(false);
                      insertEvent(event, tag, sizes);
                      c.commit();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return count / ((System.nanoTime() - start) / 1e9);
    } finally {
      writers.shutdownNow();
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** The same rows, {@link #BATCH} submissions per transaction on one connection. */
  private static double insertBatched(Connection c, Sizes sizes, int count) throws SQLException {
    long start = System.nanoTime();
    c.setAutoCommit(false);
    try (PreparedStatement blob = c.prepareStatement(BLOB_INSERT);
        PreparedStatement event =
            c.prepareStatement(EVENT_INSERT, Statement.RETURN_GENERATED_KEYS);
        PreparedStatement tag = c.prepareStatement(TAG_INSERT)) {
      for (int i = 0; i < count; i++) {
        bindBlob(blob, sizes).addBatch();
        insertEvent(event, tag, sizes);
        if (i % BATCH == BATCH - 1 || i == count - 1) {
          blob.executeBatch();
          c.commit();
        }
      }
    } finally {
      c.setAutoCommit(true);
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static final String BLOB_INSERT =
      "INSERT INTO autograder_blob (hash, size, content, stored_at) VALUES (?, ?, ?, ?)";
  private static final String EVENT_INSERT =
      "INSERT INTO event_journal (persistence_id, sequence_number, deleted,"
          + " writer, write_timestamp, adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
          + " VALUES (?, 1, false, ?, ?, '', 33, 'dev.autograder.bench.RawEvent', ?)";
  private static final String TAG_INSERT =
      "INSERT INTO event_tag (event_id, tag) VALUES (?, 'bench-raw')";

  private static PreparedStatement bindBlob(PreparedStatement blob, Sizes sizes)
      throws SQLException {
    byte[] hash = new byte[32];
    RANDOM.nextBytes(hash);
    blob.setString(1, HexFormat.of().formatHex(hash));
    blob.setLong(2, sizes.blobBytes());
    blob.setBytes(3, random(sizes.blobBytes()));
    blob.setTimestamp(4, Timestamp.from(Instant.now()));
    return blob;
  }

  /** As the journal writes an event: the row, its generated ordering, then the tag row. */
  private static void insertEvent(PreparedStatement event, PreparedStatement tag, Sizes sizes)
      throws SQLException {
    event.setString(1, "BenchRaw|" + UUID.randomUUID());
    event.setString(2, "bench");
    event.setLong(3, System.currentTimeMillis());
    event.setBytes(4, random(sizes.eventBytes()));
    event.executeUpdate();
    try (ResultSet keys = event.getGeneratedKeys()) {
      keys.next();
      tag.setLong(1, keys.getLong("ordering"));
    }
    tag.executeUpdate();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    RANDOM.nextBytes(b);
    return b;
  }
}
