package dev.autograder.grader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autograder.queue.GradingJob;
import dev.autograder.queue.SubmissionMetadata;
import java.time.Instant;

/**
 * /autograder/submission_metadata.json as Gradescope documents it (id, created_at, assignment,
 * submission_method, users, previous_submissions), filled with what the job knows. Ids are ours
 * (strings); a user's email is not known and is null.
 */
final class GradescopeMetadata {
  /** Where the harness finds it, relative to /autograder. */
  static final String FILE = "submission_metadata.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private GradescopeMetadata() {}

  /**
   * The file for {@code job}; with no job (a run outside the queue) only what {@code now} and the
   * points say.
   */
  static byte[] of(GradingJob job, double totalPoints, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    SubmissionMetadata m = job == null ? null : job.metadata();
    root.put("id", job == null ? "" : job.submissionId());
    root.put("created_at", (job == null ? now : job.receivedAt()).toString());
    ObjectNode assignment = root.putObject("assignment");
    assignment.put("id", job == null ? "" : job.assignmentId());
    assignment.put("course_id", m == null ? null : m.courseId());
    assignment.put("title", m == null ? null : m.assignmentTitle());
    assignment.put(
        "release_date", m == null || m.releaseDate() == null ? null : m.releaseDate().toString());
    assignment.put("due_date", m == null || m.dueDate() == null ? null : m.dueDate().toString());
    assignment.put(
        "late_due_date", m == null || m.lateDueDate() == null ? null : m.lateDueDate().toString());
    // Gradescope writes the points as a decimal string.
    assignment.put("total_points", Double.toString(m == null ? totalPoints : m.totalPoints()));
    assignment.put("group_submission", false);
    assignment.putNull("group_size");
    root.put("submission_method", "upload");
    ArrayNode users = root.putArray("users");
    if (job != null) {
      users
          .addObject()
          .put("id", job.student())
          .put("name", m == null ? job.student() : m.studentName())
          .putNull("email");
    }
    ArrayNode previous = root.putArray("previous_submissions");
    if (m != null) {
      for (SubmissionMetadata.Previous p : m.previous()) {
        ObjectNode earlier =
            previous.addObject().put("submission_time", p.submissionTime().toString());
        if (p.score() == null) {
          earlier.putNull("score");
        } else {
          earlier.put("score", p.score());
        }
        earlier.put("autograder_error", p.autograderError());
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write submission_metadata.json", e);
    }
  }
}
