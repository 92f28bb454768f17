package dev.autograder.course.rules;

import dev.autograder.CborSerializable;
import java.time.Instant;

/** One student's own deadlines on one assignment; {@code lateUntil} null means no late period. */
public record Extension(String username, Instant dueAt, Instant lateUntil)
    implements CborSerializable {}
