package dev.autograder.api;

import dev.autograder.course.rules.CourseRole;
import dev.autograder.port.CourseOffice.RosterLine;
import dev.autograder.port.Identity;
import dev.autograder.port.Refusal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A roster as CSV: a header {@code username,display_name,role}, then one member per line. Every
 * line is checked before anything is stored; a bad file is refused whole, with each problem by
 * line.
 */
final class RosterCsv {
  static final int MAX_LINES = 5_000;

  private RosterCsv() {}

  static List<RosterLine> parse(String text) {
    List<String> lines = text.lines().toList();
    List<Map<String, Object>> problems = new ArrayList<>();
    if (lines.isEmpty() || !header(lines.get(0))) {
      throw Refusal.invalid(
          "invalid_roster", "the first line must be the header username,display_name,role");
    }
    if (lines.size() - 1 > MAX_LINES) {
      throw Refusal.invalid("invalid_roster", "a roster has at most " + MAX_LINES + " lines");
    }
    List<RosterLine> members = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      int number = i + 1;
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = cells(lines.get(i));
      if (cells == null || cells.size() != 3) {
        problems.add(
            Map.of("line", number, "message", "expected three fields: username,display_name,role"));
        continue;
      }
      String username = cells.get(0).strip().toLowerCase(Locale.ROOT);
      String name = cells.get(1).strip();
      CourseRole role = role(cells.get(2).strip());
      if (!Identity.USERNAME.matcher(username).matches()) {
        problems.add(
            Map.of(
                "line",
                number,
                "message",
                "username must be 1 to 64 of a-z, 0-9, '.', '_' and '-'"));
      } else if (!seen.add(username)) {
        problems.add(Map.of("line", number, "message", "username " + username + " appears twice"));
      } else if (name.length() > 200) {
        problems.add(
            Map.of("line", number, "message", "display_name is limited to 200 characters"));
      } else if (role == null) {
        problems.add(Map.of("line", number, "message", "role must be student, ta or instructor"));
      } else {
        members.add(new RosterLine(number, username, name.isEmpty() ? username : name, role));
      }
    }
    if (!problems.isEmpty()) {
      throw Refusal.invalid(
              "invalid_roster",
              problems.size() + " line(s) of the roster are invalid; nothing was " + "imported")
          .withDetails(problems);
    }
    if (members.isEmpty()) {
      throw Refusal.invalid("invalid_roster", "the roster has no members");
    }
    return members;
  }

  private static boolean header(String line) {
    List<String> cells = cells(line.replace("\uFEFF", ""));
    return cells != null
        && cells.stream()
            .map(c -> c.strip().toLowerCase(Locale.ROOT))
            .toList()
            .equals(List.of("username", "display_name", "role"));
  }

  private static CourseRole role(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "student" -> CourseRole.STUDENT;
      case "ta" -> CourseRole.TA;
      case "instructor" -> CourseRole.INSTRUCTOR;
      default -> null;
    };
  }

  /** RFC 4180 fields of one line; null when a quote is not closed. */
  static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    cells.add(cell.toString());
    return cells;
  }

  /**
   * One CSV field, quoted when it must be; a leading formula character is defused for spreadsheets.
   */
  static String field(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
      v = "'" + v;
    }
    return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
        ? '"' + v.replace("\"", "\"\"") + '"'
        : v;
  }
}
