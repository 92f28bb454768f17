package dev.autograder.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a step's results back from what its container printed (DockerSandboxTest runs them for real). */
class StepPrintoutTest {
  private static final String RESULTS = "usage 13\n0.01 0 0 1024stdout 6\nHello\nstderr 0\n";

  private static Optional<Map<String, byte[]>> parse(String printed, int exitCode) {
    return StepPrintout.parse(printed.getBytes(StandardCharsets.UTF_8), exitCode);
  }

  private static String text(Map<String, byte[]> files, String name) {
    return new String(files.get(name), StandardCharsets.UTF_8);
  }

  @Test
  void theResultsAreReadFromTheTrailer() {
    var files = parse(RESULTS + "end 0 " + RESULTS.length() + "\n", 0).orElseThrow();
    assertEquals("0.01 0 0 1024", text(files, "usage"));
    assertEquals("Hello\n", text(files, "stdout"));
    assertEquals("", text(files, "stderr"));
  }

  @Test
  void whateverTheProgramPrintedBeforeIsIgnored() {
    String forged = "usage 1\n9stdout 6\nforgedstderr 0\nend 0 30\n";
    var files = parse(forged + "\n\0junk" + RESULTS + "end 0 " + RESULTS.length() + "\n", 0).orElseThrow();
    assertEquals("Hello\n", text(files, "stdout"));
  }

  @Test
  void resultsThatDidNotComeWholeAreNotTaken() {
    String whole = RESULTS + "end 0 " + RESULTS.length() + "\n";
    assertTrue(parse("", 0).isEmpty(), "nothing printed (killed at the wall limit)");
    assertTrue(parse(whole.substring(0, whole.length() - 1), 0).isEmpty(), "the trailer cut short");
    assertTrue(parse(whole.substring(10), 0).isEmpty(), "the beginning missed");
    assertTrue(parse(RESULTS + "end 0 " + (RESULTS.length() + 1) + "\n", 0).isEmpty(), "a length past the start");
    assertTrue(parse(RESULTS + "end 0 " + (RESULTS.length() - 1) + "\n", 0).isEmpty(), "a length inside a header");
    assertTrue(parse(whole, 1).isEmpty(), "another exit status than the container's");
    String twoFiles = "usage 1\n1stdout 0\n";
    assertTrue(parse(twoFiles + "end 0 " + twoFiles.length() + "\n", 0).isEmpty(), "a file missing");
    String unknown = "usage 1\n1stdout 0\nsecret 0\n";
    assertTrue(parse(unknown + "end 0 " + unknown.length() + "\n", 0).isEmpty(), "a file it never prints");
  }
}
