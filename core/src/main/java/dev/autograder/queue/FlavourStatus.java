package dev.autograder.queue;

import dev.autograder.CborSerializable;

/**
 * One flavour's queue, for the API and the operators.
 *
 * @param waiting jobs waiting for a runner
 * @param running jobs leased to runners
 * @param idleSlots runner slots waiting for work
 * @param busySlots runner slots grading
 * @param runnerNodes distinct runner nodes serving the flavour
 * @param slots the job slots those nodes say they have
 * @param oldestWaitMillis how long the oldest waiting job has waited
 * @param averageJobMillis recent jobs' average time from lease to result
 * @param waits the last 1,000 started jobs' waits from queued to started
 */
public record FlavourStatus(
    String flavour,
    int waiting,
    int running,
    int idleSlots,
    int busySlots,
    int runnerNodes,
    int slots,
    long oldestWaitMillis,
    long averageJobMillis,
    int capacity,
    WaitPercentiles waits)
    implements CborSerializable {}
