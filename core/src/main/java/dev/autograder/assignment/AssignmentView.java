package dev.autograder.assignment;

import dev.autograder.grading.GradingSpec;
import dev.autograder.CborSerializable;
import java.time.Instant;

/** An assignment as the API shows it. */
public record AssignmentView(
    String id, String title, String flavour, GradingSpec spec, String specHash, Instant createdAt)
    implements CborSerializable {}
