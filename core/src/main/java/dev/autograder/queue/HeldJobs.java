package dev.autograder.queue;

import dev.autograder.CborSerializable;
import java.util.List;

/** The jobs whose current lease the runners of one node hold, as the scheduler knows them. */
public record HeldJobs(List<GradingJob> jobs) implements CborSerializable {}
