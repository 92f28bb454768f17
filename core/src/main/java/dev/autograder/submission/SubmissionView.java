package dev.autograder.submission;

import dev.autograder.grading.GradingResult;
import dev.autograder.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A submission as the API shows it. */
public record SubmissionView(
    String id,
    String assignmentId,
    String student,
    List<String> files,
    SubmissionStatus status,
    int attempt,
    Instant receivedAt,
    Optional<Instant> gradedAt,
    Optional<GradingResult> result) implements CborSerializable {}
