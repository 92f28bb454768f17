package dev.autograder.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

class RunnerMembershipTest {

  @Test
  void aRunnerGradesOnceUpOrWeaklyUpAndNotWhileJoiningOrLeaving() {
    List<MemberStatus> serving =
        List.of(
                MemberStatus.joining(),
                MemberStatus.weaklyUp(),
                MemberStatus.up(),
                MemberStatus.leaving(),
                MemberStatus.exiting(),
                MemberStatus.down(),
                MemberStatus.removed())
            .stream()
            .filter(RunnerMembership::servesJobs)
            .toList();
    assertEquals(List.of(MemberStatus.weaklyUp(), MemberStatus.up()), serving);
  }
}
