package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each user's places for status streams on one node. */
class StatusStreamsTest {
  private final StatusStreams streams = new StatusStreams(2, Duration.ofSeconds(15));

  @Test
  void aUserHasAtMostTheirPlacesWhileAnotherUserHasTheirOwn() {
    assertTrue(streams.open("ada").isPresent());
    assertTrue(streams.open("ada").isPresent());
    assertTrue(streams.open("ada").isEmpty());
    assertTrue(streams.open("bob").isPresent());
  }

  @Test
  void aPlaceGivenBackIsFreeAgainAndGivingItBackTwiceFreesOnlyOne() {
    StatusStreams.Place first = streams.open("ada").orElseThrow();
    streams.open("ada").orElseThrow();
    first.started();
    first.release();
    first.release();
    assertTrue(streams.open("ada").isPresent(), "the released place");
    assertTrue(streams.open("ada").isEmpty(), "a second release frees nothing more");
  }

  @Test
  void placesAndHeartbeatsMustBePositive() {
    assertThrows(
        IllegalArgumentException.class, () -> new StatusStreams(0, Duration.ofSeconds(15)));
    assertThrows(IllegalArgumentException.class, () -> new StatusStreams(8, Duration.ZERO));
  }
}
