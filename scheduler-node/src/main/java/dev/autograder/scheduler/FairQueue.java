package dev.autograder.scheduler;

import dev.autograder.queue.GradingJob;
import dev.autograder.queue.JobPriority;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The waiting jobs of one flavour, handed out fairly: jobs being tried again first (they already
 * waited), then interactive submissions before regrades, and within each class the students in
 * turn, one job each, so that one student's twenty submissions do not delay everyone else. It
 * counts each student's waiting jobs by class, for the per-student bound on queued submissions. Not
 * thread-safe: it lives inside one actor.
 */
final class FairQueue {

  /** One priority class: each student's jobs in arrival order, and the students' turn order. */
  private static final class RoundRobin {
    final LinkedHashMap<String, ArrayDeque<GradingJob>> byStudent = new LinkedHashMap<>();
    int size;

    void add(GradingJob job) {
      byStudent.computeIfAbsent(job.student(), s -> new ArrayDeque<>()).addLast(job);
      size++;
    }

    /** The next student's oldest job; that student's turn moves to the back. */
    GradingJob poll() {
      var first = byStudent.entrySet().iterator().next();
      String student = first.getKey();
      ArrayDeque<GradingJob> jobs = first.getValue();
      GradingJob job = jobs.removeFirst();
      byStudent.remove(student);
      if (!jobs.isEmpty()) {
        byStudent.put(student, jobs);
      }
      size--;
      return job;
    }

    boolean remove(String submissionId) {
      for (var e : byStudent.entrySet()) {
        if (e.getValue().removeIf(j -> j.submissionId().equals(submissionId))) {
          if (e.getValue().isEmpty()) {
            byStudent.remove(e.getKey());
          }
          size--;
          return true;
        }
      }
      return false;
    }

    /** How many of this class's jobs go out before the given one, or -1 when it is not here. */
    int ahead(String submissionId) {
      int turn = 0;
      String owner = null;
      int index = -1;
      for (var e : byStudent.entrySet()) {
        int i = 0;
        for (GradingJob j : e.getValue()) {
          if (j.submissionId().equals(submissionId)) {
            owner = e.getKey();
            index = i;
          }
          i++;
        }
        if (owner == null) {
          turn++;
        } else {
          break;
        }
      }
      if (owner == null) {
        return -1;
      }
      // Round k hands out each student's k-th job in turn order: before job `index` of the owner
      // go every student's first `index` jobs, and in its round the students whose turn is earlier.
      int ahead = 0;
      int position = 0;
      for (var e : byStudent.entrySet()) {
        int jobs = e.getValue().size();
        ahead += Math.min(jobs, index);
        if (position < turn && jobs > index) {
          ahead++;
        }
        position++;
      }
      return ahead;
    }
  }

  private final ArrayDeque<GradingJob> retries = new ArrayDeque<>();
  private final EnumMap<JobPriority, RoundRobin> classes = new EnumMap<>(JobPriority.class);
  private final Map<String, GradingJob> byId = new HashMap<>();

  /** Per class, how many jobs each student has waiting (retries included): absent when none. */
  private final EnumMap<JobPriority, Map<String, Integer>> perStudent =
      new EnumMap<>(JobPriority.class);

  FairQueue() {
    for (JobPriority p : JobPriority.values()) {
      classes.put(p, new RoundRobin());
      perStudent.put(p, new HashMap<>());
    }
  }

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  boolean contains(String submissionId) {
    return byId.containsKey(submissionId);
  }

  /** The waiting job of this submission. */
  Optional<GradingJob> job(String submissionId) {
    return Optional.ofNullable(byId.get(submissionId));
  }

  /** How many jobs of this class the student has waiting, retries included. */
  int waitingOf(String student, JobPriority priority) {
    return perStudent.get(priority).getOrDefault(student, 0);
  }

  /** A new job, behind the others of its class, in its student's turn. */
  void add(GradingJob job) {
    if (byId.putIfAbsent(job.submissionId(), job) == null) {
      counted(job, 1);
      classes.get(job.priority()).add(job);
    }
  }

  /** A job being tried again (its runner went away, or declined it): it goes out next. */
  void addFirst(GradingJob job) {
    remove(job.submissionId());
    byId.put(job.submissionId(), job);
    counted(job, 1);
    retries.addFirst(job);
  }

  private void counted(GradingJob job, int change) {
    perStudent
        .get(job.priority())
        .merge(job.student(), change, (a, b) -> a + b == 0 ? null : a + b);
  }

  Optional<GradingJob> poll() {
    GradingJob job = retries.pollFirst();
    if (job == null) {
      for (RoundRobin c : classes.values()) {
        if (c.size > 0) {
          job = c.poll();
          break;
        }
      }
    }
    if (job != null) {
      byId.remove(job.submissionId());
      counted(job, -1);
    }
    return Optional.ofNullable(job);
  }

  boolean remove(String submissionId) {
    GradingJob removed = byId.remove(submissionId);
    if (removed == null) {
      return false;
    }
    counted(removed, -1);
    if (!retries.removeIf(j -> j.submissionId().equals(submissionId))) {
      classes.values().forEach(c -> c.remove(submissionId));
    }
    return true;
  }

  /**
   * How many jobs go out before the first of this student's jobs of this class; empty when the
   * student has none waiting.
   */
  Optional<Integer> aheadOfFirst(String student, JobPriority priority) {
    if (waitingOf(student, priority) == 0) {
      return Optional.empty();
    }
    int ahead = 0;
    for (GradingJob j : retries) {
      if (j.student().equals(student) && j.priority() == priority) {
        return Optional.of(ahead);
      }
      ahead++;
    }
    for (var c : classes.entrySet()) {
      ArrayDeque<GradingJob> own =
          c.getKey() == priority ? c.getValue().byStudent.get(student) : null;
      if (own != null) {
        return Optional.of(ahead + c.getValue().ahead(own.peekFirst().submissionId()));
      }
      ahead += c.getValue().size;
    }
    return Optional.empty();
  }

  /** How many jobs go out before this one; empty when it is not waiting here. */
  Optional<Integer> ahead(String submissionId) {
    if (!byId.containsKey(submissionId)) {
      return Optional.empty();
    }
    int ahead = 0;
    for (GradingJob j : retries) {
      if (j.submissionId().equals(submissionId)) {
        return Optional.of(ahead);
      }
      ahead++;
    }
    for (RoundRobin c : classes.values()) {
      int inClass = c.ahead(submissionId);
      if (inClass >= 0) {
        return Optional.of(ahead + inClass);
      }
      ahead += c.size;
    }
    return Optional.empty();
  }
}
