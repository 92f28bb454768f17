package dev.autograder.course;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads the {@link Assignment} events journaled while the entity lived in {@code
 * dev.autograder.assignment} (issue 18 folded that package into this one). The journal names each
 * event by its class, so the old names lead to the moved classes; the fields did not change, so the
 * data passes through as it is. autograder-scheduler.conf registers it for each old name.
 */
public final class MovedFromAssignmentPackage extends JacksonMigration {
  private static final String OLD_PACKAGE = "dev.autograder.assignment.";

  /**
   * The journal's manifests carry no version, which the serializer reads as 1; only a version below
   * this one makes it ask for the class name.
   */
  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return className.startsWith(OLD_PACKAGE)
        ? Assignment.class.getPackageName() + "." + className.substring(OLD_PACKAGE.length())
        : className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
