package dev.autograder.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Reads what an OpenAPI document promises: each operation with each status it may answer. */
final class OpenApiDocument {
  private OpenApiDocument() {}

  /** "METHOD /path status" for every documented response. */
  static Set<String> operations(JsonNode document) {
    Set<String> operations = new TreeSet<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          String method = op.getKey().toUpperCase(Locale.ROOT);
                          op.getValue()
                              .path("responses")
                              .fieldNames()
                              .forEachRemaining(
                                  status ->
                                      operations.add(method + " " + path.getKey() + " " + status));
                        }));
    return operations;
  }
}
