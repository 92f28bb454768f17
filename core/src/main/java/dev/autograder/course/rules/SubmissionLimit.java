package dev.autograder.course.rules;

import dev.autograder.CborSerializable;

/** At most {@code count} counted runs in any {@code windowHours} hours. */
public record SubmissionLimit(int count, int windowHours) implements CborSerializable {}
