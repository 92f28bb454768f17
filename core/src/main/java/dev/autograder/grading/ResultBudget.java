package dev.autograder.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The most a grading result may weigh on the wire (Jackson CBOR, as the cluster sends it), and the
 * cutting of its texts to fit. A result travels in one Artery frame from the runner to the
 * scheduler and on to its Submission entity; one over the frame is dropped by Artery, so every
 * result is bounded before it is sent.
 *
 * <p>Only texts shrink: every test's verdict, score, times and name stay. First the tests' feedback
 * is cut, fairly (the longest ones first, down to a common length, each keeping its beginning and
 * its end); only if the tests' feedback is all gone are the compile output, the top-level output
 * and the log cut the same way, and then the extra data dropped. The top-level output then starts
 * with a note that says so.
 *
 * @param bytes the most a result may take serialized
 */
public record ResultBudget(long bytes) {
  /** The key of the budget (core's reference.conf). */
  public static final String KEY = "autograder.result-budget";

  /**
   * What travels in the same frame besides the result: the lease, the runner's reference, headers.
   */
  public static final long ENVELOPE_BYTES = 16 * 1024;

  private static final String FRAME_KEY = "pekko.remote.artery.advanced.maximum-frame-size";

  /** Where a text was cut. */
  static final String CUT = "\n[…]\n";

  private static final long CUT_BYTES = utf8Length(CUT);

  /** Serializes as Pekko's jackson-cbor does for these records (no compression, same encoding). */
  private static final ObjectMapper CBOR = new CBORMapper();

  public ResultBudget {
    if (bytes < 4096) {
      throw new IllegalArgumentException(KEY + " must be at least 4 KiB, not " + bytes + " bytes");
    }
  }

  /**
   * The configured budget. Refuses one that does not leave {@link #ENVELOPE_BYTES} below Artery's
   * maximum frame size: a result of that size would be dropped and never arrive.
   */
  public static ResultBudget fromConfig(Config config) {
    long budget = config.getBytes(KEY);
    long frame = config.getBytes(FRAME_KEY);
    if (budget + ENVELOPE_BYTES > frame) {
      throw new IllegalStateException(
          KEY
              + " ("
              + budget
              + " bytes) must be below "
              + FRAME_KEY
              + " ("
              + frame
              + " bytes) by at least "
              + ENVELOPE_BYTES / 1024
              + " KiB, for the message around the result");
    }
    return new ResultBudget(budget);
  }

  /** The note at the head of a cut result's output. */
  public String note() {
    String size = bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    return "... feedback cut: the result was over " + size;
  }

  /**
   * The result itself when it fits, otherwise a copy whose texts are cut until it does. Only a
   * result whose tests alone (without any text) weigh more than the budget stays over it.
   */
  public GradingResult bound(GradingResult result) {
    long size = sizeOf(result);
    if (size <= bytes) {
      return result;
    }
    long cut = size - bytes + utf8Length(note()) + 16;
    GradingResult candidate = result;
    for (int round = 0; round < 5; round++) {
      candidate = cutTexts(result, cut);
      long got = sizeOf(candidate);
      if (got <= bytes) {
        return candidate;
      }
      // Encoding headers shrink a little less than the texts: cut what is still over, once more.
      cut += got - bytes + 16;
    }
    return candidate;
  }

  /** The result's size as the cluster serializes it. */
  public static long sizeOf(GradingResult result) {
    try {
      return CBOR.writeValueAsBytes(result).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a grading result could not be serialized", e);
    }
  }

  /** The result with {@code cut} bytes taken out of its texts, feedback first, and the note. */
  private GradingResult cutTexts(GradingResult result, long cut) {
    List<TestVerdict> tests = result.tests();
    List<String> feedback = fairlyCut(tests.stream().map(TestVerdict::feedback).toList(), cut);
    long rest = Math.max(0, cut - totalLength(tests.stream().map(TestVerdict::feedback).toList()));
    List<String> topLevel = List.of(result.compileOutput(), result.output(), result.log());
    List<String> top = fairlyCut(topLevel, rest);
    String extraData = rest > totalLength(topLevel) ? "" : result.extraData();
    List<TestVerdict> shortened = new ArrayList<>(tests.size());
    for (int i = 0; i < tests.size(); i++) {
      TestVerdict t = tests.get(i);
      shortened.add(
          new TestVerdict(
              t.name(),
              t.number(),
              t.verdict(),
              t.score(),
              t.maxScore(),
              t.wallMillis(),
              t.cpuMillis(),
              t.peakMemoryKib(),
              t.exitCode(),
              t.signal(),
              t.visibility(),
              feedback.get(i),
              t.tags()));
    }
    String output = top.get(1).isEmpty() ? note() : note() + "\n\n" + top.get(1);
    return new GradingResult(
        result.verdict(),
        result.score(),
        result.maxScore(),
        top.get(0),
        shortened,
        output,
        result.visibility(),
        top.get(2),
        result.logVisibility(),
        result.executionMillis(),
        extraData,
        result.leaderboard(),
        result.groups(),
        result.setup());
  }

  /**
   * The texts with {@code cut} bytes taken out in all, the longest first: every text longer than a
   * common length is cut to it (max-min fair), the shorter ones stay whole.
   */
  static List<String> fairlyCut(List<String> texts, long cut) {
    if (cut <= 0) {
      return texts;
    }
    long[] lengths = texts.stream().mapToLong(ResultBudget::utf8Length).toArray();
    long keep = Math.max(0, Arrays.stream(lengths).sum() - cut);
    long level = commonLength(lengths, keep);
    return texts.stream().map(t -> cutTo(t, level)).toList();
  }

  /** The largest length L such that the texts cut to L take at most {@code keep} bytes. */
  private static long commonLength(long[] lengths, long keep) {
    long[] sorted = lengths.clone();
    Arrays.sort(sorted);
    long left = keep;
    for (int i = 0; i < sorted.length; i++) {
      long others = sorted.length - i;
      if (sorted[i] * others > left) {
        return left / others;
      }
      left -= sorted[i];
    }
    return Long.MAX_VALUE;
  }

  /**
   * The text in at most {@code max} UTF-8 bytes: its beginning and its end around a mark, or
   * nothing.
   */
  static String cutTo(String text, long max) {
    if (utf8Length(text) <= max) {
      return text;
    }
    if (max < CUT_BYTES + 2) {
      return "";
    }
    long room = max - CUT_BYTES;
    return head(text, room - room / 2) + CUT + tail(text, room / 2);
  }

  private static String head(String text, long max) {
    long used = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      used += utf8Length(cp);
      if (used > max) {
        break;
      }
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
  }

  private static String tail(String text, long max) {
    long used = 0;
    int start = text.length();
    while (start > 0) {
      int cp = text.codePointBefore(start);
      used += utf8Length(cp);
      if (used > max) {
        break;
      }
      start -= Character.charCount(cp);
    }
    return text.substring(start);
  }

  private static long totalLength(List<String> texts) {
    return texts.stream().mapToLong(ResultBudget::utf8Length).sum();
  }

  static long utf8Length(String text) {
    return text.codePoints().mapToLong(ResultBudget::utf8Length).sum();
  }

  private static long utf8Length(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
}
