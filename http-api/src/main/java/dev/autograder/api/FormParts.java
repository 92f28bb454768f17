package dev.autograder.api;

import dev.autograder.port.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A multipart/form-data body (RFC 7578) that is already in memory, split into its parts. A
 * submission is a few small files: Pekko's streaming parser cost a stream, an actor and a primed
 * header parser for every one (a fifth of the node's samples at intake), this a pass over the
 * bytes. Only what a form part needs is read: its name, its file name and its content; part headers
 * are UTF-8, as browsers send them.
 */
final class FormParts {
  /** One part; {@code filename} is present for a file. */
  record Part(String name, Optional<String> filename, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private final byte[] body;
  private final byte[] delimiter;
  private byte[] eol;
  private int at;

  private FormParts(byte[] body, String boundary) {
    this.body = body;
    this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The parts in order; a malformed body is a 400 invalid_multipart. */
  static List<Part> parse(byte[] body, String boundary) {
    if (boundary.isEmpty() || boundary.length() > 70) {
      throw malformed("the boundary must be 1 to 70 characters");
    }
    return new FormParts(body, boundary).parts();
  }

  private List<Part> parts() {
    // The preamble before the first delimiter is ignored; the delimiter starts the body or a line.
    int first = indexOf(delimiter, 0);
    while (first > 0 && body[first - 1] != '\n') {
      first = indexOf(delimiter, first + 1);
    }
    if (first < 0) {
      throw malformed("no boundary line");
    }
    at = first + delimiter.length;
    List<Part> parts = new ArrayList<>();
    while (!closing()) {
      skipPadding();
      if (eol == null) {
        eol = startsWith(CRLF, at) ? CRLF : startsWith(LF, at) ? LF : null;
      }
      if (eol == null || !startsWith(eol, at)) {
        throw malformed("a boundary line must end after the boundary");
      }
      at += eol.length;
      parts.add(part());
    }
    return parts;
  }

  private Part part() {
    String name = null;
    String filename = null;
    boolean disposition = false;
    while (!startsWith(eol, at)) {
      int end = indexOf(eol, at);
      if (end < 0) {
        throw malformed("a part's headers do not end");
      }
      String line = new String(body, at, end - at, StandardCharsets.UTF_8);
      at = end + eol.length;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw malformed("a part's header line has no name");
      }
      if (line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
        Disposition d = Disposition.of(line.substring(colon + 1));
        disposition = true;
        name = d.name();
        filename = d.filename();
      }
    }
    at += eol.length;
    if (!disposition || name == null) {
      throw malformed("every part needs Content-Disposition: form-data with a name");
    }
    byte[] next = concat(eol, delimiter);
    int end = indexOf(next, at);
    if (end < 0) {
      throw malformed("the body ends inside a part (no closing boundary)");
    }
    byte[] content = Arrays.copyOfRange(body, at, end);
    at = end + next.length;
    return new Part(name, Optional.ofNullable(filename), content);
  }

  /** After a delimiter: "--" closes the body (whatever follows is the epilogue). */
  private boolean closing() {
    return startsWith(DASHES, at);
  }

  private void skipPadding() {
    while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
      at++;
    }
  }

  private boolean startsWith(byte[] s, int from) {
    return from + s.length <= body.length
        && Arrays.equals(body, from, from + s.length, s, 0, s.length);
  }

  private int indexOf(byte[] s, int from) {
    for (int i = from; i + s.length <= body.length; i++) {
      if (body[i] == s[0] && startsWith(s, i)) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LF = {'\n'};
  private static final byte[] DASHES = {'-', '-'};

  static Refusal malformed(String why) {
    return Refusal.invalid(
        "invalid_multipart", "the multipart/form-data body is malformed: " + why);
  }

  /** The form-data disposition's name and filename parameters: tokens or quoted strings. */
  private record Disposition(String name, String filename) {
    static Disposition of(String value) {
      int semicolon = value.indexOf(';');
      String type = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
      if (!type.toLowerCase(Locale.ROOT).equals("form-data")) {
        throw malformed("a part's Content-Disposition must be form-data");
      }
      String name = null;
      String filename = null;
      int i = semicolon < 0 ? value.length() : semicolon + 1;
      while (i < value.length()) {
        int eq = value.indexOf('=', i);
        if (eq < 0) {
          throw malformed("a Content-Disposition parameter has no value");
        }
        String key = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
        StringBuilder v = new StringBuilder();
        boolean quoted = false;
        int j = eq + 1;
        while (j < value.length() && value.charAt(j) == ' ') {
          j++;
        }
        if (j < value.length() && value.charAt(j) == '"') {
          quoted = true;
          j++;
          while (j < value.length() && value.charAt(j) != '"') {
            char c = value.charAt(j);
            if (c == '\\' && j + 1 < value.length()) {
              c = value.charAt(++j);
            }
            v.append(c);
            j++;
          }
          if (j == value.length()) {
            throw malformed("a quoted Content-Disposition parameter does not end");
          }
          j++;
        } else {
          while (j < value.length() && value.charAt(j) != ';') {
            v.append(value.charAt(j++));
          }
        }
        while (j < value.length() && value.charAt(j) != ';') {
          if (value.charAt(j) != ' ' && value.charAt(j) != '\t') {
            throw malformed("unexpected text after a Content-Disposition parameter");
          }
          j++;
        }
        String text = quoted ? v.toString() : v.toString().strip();
        switch (key) {
          case "name" -> name = text;
          case "filename" -> filename = text;
          default -> {}
        }
        i = j + 1;
      }
      return new Disposition(name, filename);
    }
  }
}
