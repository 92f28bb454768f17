package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.course.rules.Lateness;
import dev.autograder.port.CourseOffice;
import dev.autograder.queue.JobStatus;
import dev.autograder.queue.Progress;
import dev.autograder.submission.view.SubmissionStatus;
import dev.autograder.submission.view.SubmissionView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which runner grades a submission is infrastructure: staff see it, the student who owns it does
 * not.
 */
class SubmissionOutTest {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final String RUNNER = "runner-on-host-7";

  @Test
  void theOwnersViewNamesNoRunnerWhileStaffSeeIt() throws Exception {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    SubmissionView running =
        new SubmissionView(
            "s1",
            "hello",
            "cs101",
            "default",
            "stu1",
            List.of("main.py"),
            SubmissionStatus.RUNNING,
            2,
            now,
            Optional.empty(),
            Optional.empty(),
            List.of(
                new SubmissionView.Attempt(1, "runner-that-died", now),
                new SubmissionView.Attempt(2, RUNNER, now)),
            Optional.of(
                new JobStatus(
                    "s1",
                    JobStatus.State.RUNNING,
                    0,
                    -1,
                    3,
                    new Progress(Progress.Phase.TESTING, 1, 2),
                    RUNNER)),
            Lateness.ON_TIME,
            1,
            null,
            false,
            null,
            null);
    var assignment =
        new CourseOffice.AssignmentDetails(
            "hello", "cs101", "Hello", "default", null, null, 1, null, Map.of(), now, null);

    String staff = JSON.writeValueAsString(SubmissionOut.forStaff(running));
    String owner = JSON.writeValueAsString(SubmissionOut.forOwner(running, assignment, now));

    assertTrue(staff.contains(RUNNER) && staff.contains("runner-that-died"), staff);
    assertFalse(owner.contains("runner-"), owner);
    assertTrue(
        owner.contains("\"progress\"") && owner.contains("TESTING"),
        "the owner still sees the progress: " + owner);
  }
}
