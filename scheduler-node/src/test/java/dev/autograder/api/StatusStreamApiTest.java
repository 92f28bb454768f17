package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.api.Browser.Part;
import dev.autograder.grading.GradingResult;
import dev.autograder.grading.Verdict;
import dev.autograder.queue.JobLease;
import dev.autograder.queue.Progress;
import dev.autograder.queue.RunnerMessage;
import dev.autograder.queue.SchedulerCommand;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live status streams over HTTP against a whole scheduler node, each user allowed two at once,
 * heartbeats every second. The job is taken, renewed and finished by a runner played by a probe
 * that speaks the scheduler's protocol, so each change happens at a known moment.
 */
class StatusStreamApiTest {
  private static final int PER_USER = 2;

  /**
   * The most a pushed change may take to reach the client here; polling twice a second would often
   * miss it.
   */
  private static final Duration PROMPT = Duration.ofMillis(250);

  @RegisterExtension
  static final NodeUnderTest node =
      NodeUnderTest.withClassroom(
          Map.of(
              "autograder.http.status-streams.per-user",
              PER_USER,
              "autograder.http.status-streams.heartbeat",
              "1 s"));

  private static ActorRef<SchedulerCommand> scheduler;

  @BeforeAll
  static void start() throws Exception {
    // The cap test's submissions wait in a queue of their own, with no runner, for as long as it
    // runs.
    Map<String, Object> waiting =
        Classroom.assignment("waiting", Instant.now().plus(3, ChronoUnit.DAYS));
    waiting.put("flavour", "gpu");
    assertEquals(
        201, node.room().as("ins").post("/api/v1/courses/cs101/assignments", waiting).status());
    scheduler = node.running().scheduler();
  }

  private static String submit(Browser who, String assignment, String text) throws Exception {
    Browser.Answer a =
        node.room().submit(who, assignment, Part.file("main.py", "print('" + text + "')\n"));
    assertEquals(202, a.status(), a.toString());
    return a.body().path("id").asText();
  }

  /** One server-sent event and when it arrived. */
  private record Event(String type, JsonNode data, long nanos) {
    String status() {
      return data.path("status").asText();
    }
  }

  /** An open status stream, read on a thread of its own as the events come. */
  private static final class Stream implements AutoCloseable {
    final HttpResponse<java.util.stream.Stream<String>> response;

    /** Events in order; an empty one when the stream ended. */
    final BlockingQueue<Optional<Event>> events = new LinkedBlockingQueue<>();

    Stream(Browser who, String submissionId) throws Exception {
      response = who.lines("/api/v1/submissions/" + submissionId + "/events");
      Thread reader =
          new Thread(
              () -> {
                // An event is its lines up to a blank one; a heartbeat (a comment) has no data.
                String[] type = {null};
                String[] data = {null};
                try {
                  response
                      .body()
                      .forEach(
                          line -> {
                            if (line.startsWith("event:")) {
                              type[0] = line.substring(6).strip();
                            } else if (line.startsWith("data:")) {
                              data[0] = line.substring(5).strip();
                            } else if (line.isEmpty() && data[0] != null) {
                              try {
                                events.add(
                                    Optional.of(
                                        new Event(
                                            type[0],
                                            Browser.JSON.readTree(data[0]),
                                            System.nanoTime())));
                              } catch (Exception e) {
                                throw new IllegalStateException("not JSON: " + data[0], e);
                              }
                              type[0] = null;
                              data[0] = null;
                            }
                          });
                } catch (RuntimeException closed) {
                  // The test closed the stream itself.
                }
                events.add(Optional.empty());
              });
      reader.setDaemon(true);
      reader.start();
    }

    /** The next event that fits, within five seconds; the ones before it are passed over. */
    Event until(Predicate<Event> fits) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (true) {
        Optional<Event> next = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertNotNull(next, "no fitting event within 5 s");
        assertTrue(next.isPresent(), "the stream ended before a fitting event");
        if (fits.test(next.get())) {
          return next.get();
        }
      }
    }

    boolean ends() throws Exception {
      Optional<Event> next;
      do {
        next = events.poll(5, TimeUnit.SECONDS);
      } while (next != null && next.isPresent());
      return next != null;
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  private static void assertPrompt(String what, long changedAt, Event event) {
    long millis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(event.nanos() - changedAt));
    assertTrue(
        millis <= PROMPT.toMillis(),
        what + " reached the client " + millis + " ms after it happened");
  }

  @Test
  void aStreamTellsEachChangeOfTheSubmissionAndItsJobAsItHappensThenDone() throws Exception {
    Browser stu = node.room().as("stu1");
    String id = submit(stu, Classroom.ASSIGNMENT, "watched");
    try (Stream stream = new Stream(stu, id)) {
      assertEquals(200, stream.response.statusCode());
      assertEquals(
          "text/event-stream", stream.response.headers().firstValue("Content-Type").orElse(""));
      Event waiting =
          stream.until(e -> e.data().path("queue").path("state").asText().equals("WAITING"));
      assertEquals("status", waiting.type());
      assertEquals("QUEUED", waiting.status());

      TestProbe<RunnerMessage> runner = TestProbe.create(node.running().system());
      scheduler.tell(new SchedulerCommand.RequestJob("default", "probe/1", 1, runner.ref()));
      JobLease lease =
          runner.expectMessageClass(RunnerMessage.JobOffered.class, Duration.ofSeconds(20)).lease();
      long offered = System.nanoTime();
      assertEquals(id, lease.submissionId());
      assertPrompt("the job's start", offered, stream.until(e -> e.status().equals("RUNNING")));

      scheduler.tell(
          new SchedulerCommand.RenewLease(
              lease, new Progress(Progress.Phase.TESTING, 1, 2), runner.ref()));
      long renewed = System.nanoTime();
      Event testing =
          stream.until(e -> e.data().path("queue").path("progress").path("test").asInt() == 1);
      // The queue tells its watchers at most five times a second: up to 200 ms more.
      assertTrue(
          TimeUnit.NANOSECONDS.toMillis(testing.nanos() - renewed) <= PROMPT.toMillis() + 200,
          "the progress reached the client late");
      assertEquals(2, testing.data().path("queue").path("progress").path("tests").asInt());

      scheduler.tell(
          new SchedulerCommand.JobFinished(
              lease, GradingResult.of(Verdict.ACCEPTED, 2, 2, "", List.of(), ""), runner.ref()));
      runner.expectMessageClass(RunnerMessage.ResultRecorded.class, Duration.ofSeconds(20));
      long recorded = System.nanoTime();
      Event done = stream.until(e -> true);
      assertEquals("done", done.type());
      assertEquals("GRADED", done.status());
      assertPrompt("the grade", recorded, done);
      assertTrue(stream.ends(), "the stream ends after done");
    }
  }

  @Test
  void aGradedSubmissionsStreamSaysDoneAtOnceAndEnds() throws Exception {
    Browser stu = node.room().as("stu1");
    String id = submit(stu, Classroom.ASSIGNMENT, "graded before watched");
    TestProbe<RunnerMessage> runner = TestProbe.create(node.running().system());
    JobLease lease;
    do {
      scheduler.tell(new SchedulerCommand.RequestJob("default", "probe/2", 1, runner.ref()));
      lease =
          runner.expectMessageClass(RunnerMessage.JobOffered.class, Duration.ofSeconds(20)).lease();
      scheduler.tell(
          new SchedulerCommand.JobFinished(
              lease, GradingResult.of(Verdict.ACCEPTED, 2, 2, "", List.of(), ""), runner.ref()));
      runner.expectMessageClass(RunnerMessage.ResultRecorded.class, Duration.ofSeconds(20));
    } while (!lease.submissionId().equals(id));
    try (Stream stream = new Stream(stu, id)) {
      Event done = stream.until(e -> true);
      assertEquals("done", done.type());
      assertEquals("GRADED", done.status());
      assertTrue(stream.ends(), "the stream ends after done");
    }
  }

  @Test
  void aUserPastTheCapIsRefusedWhileAnotherIsNotAndClosingAStreamFreesItsPlace() throws Exception {
    Browser stu = node.room().as("stu2");
    String id = submit(stu, "waiting", "never graded here");
    var first = stu.openSocket("/api/v1/submissions/" + id + "/events");
    assertEquals("HTTP/1.1 200 OK", first.getValue());
    try (Stream second = new Stream(stu, id)) {
      second.until(e -> true);

      Browser.Answer refused = stu.get("/api/v1/submissions/" + id + "/events");
      assertEquals(429, refused.status(), refused.toString());
      assertEquals("too_many_streams", refused.code());
      String retryAfter = refused.raw().headers().firstValue("Retry-After").orElse("");
      assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After: " + retryAfter);

      try (Stream staff = new Stream(node.room().as("ins"), id)) {
        assertEquals(200, staff.response.statusCode(), "another user still gets a stream");
        assertEquals("QUEUED", staff.until(e -> true).status());
      }

      // The server sees the client gone when a heartbeat cannot be written: here within a second or
      // two.
      first.getKey().close();
      Instant deadline = Instant.now().plusSeconds(10);
      Stream again = null;
      while (again == null) {
        Stream tried = new Stream(stu, id);
        if (tried.response.statusCode() == 200) {
          again = tried;
        } else {
          assertEquals(429, tried.response.statusCode());
          tried.close();
          assertTrue(
              Instant.now().isBefore(deadline),
              "closing a stream did not free its place within 10 s");
          Thread.sleep(100);
        }
      }
      try (Stream third = again) {
        assertEquals(
            "QUEUED", third.until(e -> true).status(), "the freed place serves a new stream");
      }
    }
  }
}
