package dev.autograder.grader;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiled checkers and output validators, kept ready in their sandbox sessions: each is compiled
 * once per assignment version on a runner, not once per submission. The least recently used ones
 * are closed when more than {@code capacity} are kept.
 */
final class ValidatorCache implements AutoCloseable {
  private final int capacity;
  private final Map<String, OutputValidatorProgram> programs = new LinkedHashMap<>(16, 0.75f, true);

  ValidatorCache(int capacity) {
    this.capacity = capacity;
  }

  /** The program under {@code key}, built now when it is not kept (a build failure is not kept). */
  synchronized OutputValidatorProgram get(String key, Supplier<OutputValidatorProgram> build) {
    OutputValidatorProgram program = programs.get(key);
    if (program == null) {
      program = build.get();
      programs.put(key, program);
      Iterator<OutputValidatorProgram> eldest = programs.values().iterator();
      while (programs.size() > capacity) {
        eldest.next().close();
        eldest.remove();
      }
    }
    return program;
  }

  @Override
  public synchronized void close() {
    programs.values().forEach(OutputValidatorProgram::close);
    programs.clear();
  }
}
