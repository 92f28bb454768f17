package dev.autograder.bench;

import dev.autograder.client.ApiClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
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
import java.util.stream.IntStream;

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
  private static final int STUDENTS = 64;
  private static final String STUDENT_PASSWORD = "intake benchmark password";
  private static final int BATCH = 100;
  private static final int WARM_UP_ROUNDS = 2;
  private static final String HELLO = "print(f'Hello, {input()}!')\n";
  private static final SecureRandom RANDOM = new SecureRandom();

  private IntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, 5);
    int perRound = options.quick() ? 2500 : 10_000;
    String server = options.postgresUrl();
    double[] http = new double[options.rounds()];
    double[] raw = new double[options.rounds()];
    double[] batched = new double[options.rounds()];
    double[] ratio = new double[options.rounds()];
    double[] ratioBatched = new double[options.rounds()];
    double[] nodeCpu = new double[options.rounds()];
    double[] clientCpu = new double[options.rounds()];
    double[] postgresCpu = new double[options.rounds()];
    double[] rawClientCpu = new double[options.rounds()];
    double[] rawPostgresCpu = new double[options.rounds()];
    Sizes sizes;
    try (LocalCluster cluster = new LocalCluster("intake", server)) {
      ApiClient api =
          cluster.startScheduler(
              Map.of(
                  "autograder.scheduler.max-queued-per-flavour",
                  "10000000",
                  "autograder.scheduler.max-queued-per-student",
                  "10000000",
                  // Sign-in is not measured: the students' tokens are taken before the rounds.
                  "autograder.accounts.password-hash-iterations",
                  "1000"));
      ProcessHandle node = cluster.schedulerProcess();
      Hello.createAssignment(
          api,
          "intake",
          "Hello in Python",
          """
          {"language": "PYTHON", "tests": [{"name": "greets Ada", "stdin": "Ada\\n", "expectedStdout": "Hello, Ada!\\n"}]}""");
      // Students submit their own work with their own tokens, as at a deadline.
      List<ApiClient> students = new ArrayList<>();
      for (int i = 0; i < STUDENTS; i++) {
        api.createAccount("student-" + i, "Student " + i, STUDENT_PASSWORD);
        students.add(api.as("student-" + i, STUDENT_PASSWORD));
      }
      api.enrol(IntStream.range(0, STUDENTS).mapToObj(i -> "student-" + i).toList());
      List<String> tokens = new ArrayList<>();
      for (ApiClient student : students) {
        tokens.add(student.token());
      }
      int port = cluster.httpPort();
      try (Connection db = cluster.connect()) {
        // Warm-up: the node's JIT, pools and shards. Its CPU per submission still fell round by
        // round after 1,000 submissions of warm-up, and stops falling after about 15,000.
        submitOverHttp(port, tokens, node, WARM_UP_ROUNDS * perRound);
        sizes = Sizes.of(db);
        insertRaw(cluster, node, sizes, perRound);
        for (int r = 0; r < options.rounds(); r++) {
          Round round = submitOverHttp(port, tokens, node, perRound);
          http[r] = round.perSecond();
          nodeCpu[r] = round.cpu().node();
          clientCpu[r] = round.cpu().clients();
          postgresCpu[r] = round.cpu().postgres();
          Round rawRound = insertRaw(cluster, node, sizes, perRound);
          raw[r] = rawRound.perSecond();
          rawClientCpu[r] = rawRound.cpu().clients();
          rawPostgresCpu[r] = rawRound.cpu().postgres();
          batched[r] = insertBatched(db, sizes, perRound);
          ratio[r] = http[r] / raw[r];
          ratioBatched[r] = http[r] / batched[r];
          System.out.printf(
              "round %d: HTTP %.0f/s (CPU ms each: clients %.2f, node %.2f, PostgreSQL %.2f),"
                  + " raw %.0f/s (clients %.2f, PostgreSQL %.2f), raw batched %.0f/s%n",
              r + 1,
              http[r],
              clientCpu[r],
              nodeCpu[r],
              postgresCpu[r],
              raw[r],
              rawClientCpu[r],
              rawPostgresCpu[r],
              batched[r]);
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
        .figure(
            "clientCpuPerSubmission",
            "HTTP clients' CPU per submission (bench JVM)",
            "ms",
            "%.2f",
            clientCpu)
        .figure(
            "postgresCpuPerSubmission",
            "PostgreSQL's CPU per submission over HTTP",
            "ms",
            "%.2f",
            postgresCpu)
        .figure(
            "rawClientCpuPerSubmission",
            "raw: JDBC clients' CPU per submission (bench JVM)",
            "ms",
            "%.2f",
            rawClientCpu)
        .figure(
            "rawPostgresCpuPerSubmission",
            "raw: PostgreSQL's CPU per submission",
            "ms",
            "%.2f",
            rawPostgresCpu)
        .note(
            "A real scheduler node (packaged jar) on a fresh PostgreSQL database, no runner node: the flavour's queue"
                + " bounds (max-queued-per-flavour, max-queued-per-student) are raised to 10,000,000 so intake is never"
                + " limited by grading.")
        .note(
            CLIENTS
                + " HTTP clients in the bench's JVM, each on a kept-alive HTTP/1.1 connection of its own (a"
                + " request written in one piece, its answer read as bytes), each sending its next submission"
                + " when the last is answered (202); "
                + STUDENTS
                + " students, each submitting their own with their own API token (as at a deadline; staff"
                + " submitting for a student costs the node one more membership check); a Python hello"
                + " world with a unique comment line.")
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
            "The node also does what raw does not: HTTP, the token check (a query), multipart parsing, the"
                + " assignment and the caller's role (two sharded asks), the queue's admission, and the read side"
                + " projecting the receipt into the submissions, pending-jobs and audit tables (asynchronous, not"
                + " on the answer's path).")
        .note(
            "Client, node and PostgreSQL share this machine's "
                + Runtime.getRuntime().availableProcessors()
                + " cores. CPU per submission: a process's CPU time (user and system) over a round, divided by"
                + " its submissions: the node's includes its read side projecting meanwhile; PostgreSQL's is"
                + " every postgres process's; the clients' is the bench JVM's (HTTP clients, or JDBC for raw)."
                + " These depend less than the rates on what else the machine runs.")
        .publish();
  }

  /** One round: submissions per second, and the CPU each process spent per submission. */
  record Round(double perSecond, ProcessCpu.PerSubmission cpu) {}

  /**
   * Closed loop of {@link #CLIENTS} clients, each on a connection of its own, each student
   * submitting their own with their token.
   */
  private static Round submitOverHttp(int port, List<String> tokens, ProcessHandle node, int count)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      ProcessCpu before = ProcessCpu.now(node);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        done.add(
            clients.submit(
                () -> {
                  try (KeepAliveSubmitter client = new KeepAliveSubmitter("127.0.0.1", port)) {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                      // Every submission differs, as real ones do, so each stores a blob of its
                      // own.
                      client.submit(
                          tokens.get(i % STUDENTS),
                          "intake",
                          "main.py",
                          ("# " + UUID.randomUUID() + "\n" + HELLO)
                              .getBytes(StandardCharsets.UTF_8));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Round(count / seconds, ProcessCpu.now(node).since(before, count));
    } finally {
      clients.shutdownNow();
    }
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
  private static Round insertRaw(LocalCluster cluster, ProcessHandle node, Sizes sizes, int count)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(CLIENTS);
    List<Connection> connections = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        connections.add(cluster.connect());
      }
      ProcessCpu before = ProcessCpu.now(node);
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
      double seconds = (System.nanoTime() - start) / 1e9;
      // Before the connections close: their backends' CPU ends with them.
      return new Round(count / seconds, ProcessCpu.now(node).since(before, count));
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
