package dev.autograder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One benchmark's figures: printed as a table and written to bench/results/NAME.json and NAME.md
 * with the machine they were measured on and notes that say what was measured and how.
 */
public final class Report {
  private final String name;
  private final String title;
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public Report(String name, String title) {
    this.name = name;
    this.title = title;
  }

  public Report add(Figure figure) {
    figures.add(figure);
    return this;
  }

  public Report figure(String key, String name, String unit, String format, double[] rounds) {
    return add(new Figure(key, name, unit, format, rounds));
  }

  public Report note(String note) {
    notes.add(note);
    return this;
  }

  /** Prints the table and writes the results files; the working directory is the repository. */
  public void publish() throws IOException {
    Machine machine = Machine.describe();
    StringBuilder table = new StringBuilder();
    table.append(String.format("%-46s median  [min, max]  interquartile range  unit%n", "figure"));
    figures.forEach(f -> table.append(f.row()).append('\n'));
    System.out.println();
    System.out.println(title);
    System.out.print(table);
    notes.forEach(n -> System.out.println("  - " + n));

    Path dir = Path.of("bench", "results");
    Files.createDirectories(dir);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode json = mapper.createObjectNode();
    json.put("benchmark", name).put("title", title);
    json.set("machine", mapper.valueToTree(machine));
    ObjectNode values = json.putObject("figures");
    for (Figure f : figures) {
      ObjectNode v = values.putObject(f.key());
      v.put("name", f.name())
          .put("unit", f.unit())
          .put("median", f.median())
          .put("min", f.min())
          .put("max", f.max())
          .put("q1", f.quantile(0.25))
          .put("q3", f.quantile(0.75));
      Arrays.stream(f.rounds()).forEach(v.putArray("rounds")::add);
    }
    notes.forEach(json.putArray("notes")::add);
    Files.writeString(dir.resolve(name + ".json"), mapper.writeValueAsString(json) + "\n");

    StringBuilder md = new StringBuilder("# " + title + "\n\nMachine: " + machine.line() + "\n\n");
    md.append(
            "Each figure: the median over the rounds, [min, max] and the interquartile range.\n\n```\n")
        .append(table)
        .append("```\n");
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    Files.writeString(dir.resolve(name + ".md"), md.toString());
  }
}
