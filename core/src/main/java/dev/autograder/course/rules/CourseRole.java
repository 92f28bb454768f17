package dev.autograder.course.rules;

/** What a member may do in a course. Staff (instructors and TAs) see everything of the course. */
public enum CourseRole {
  INSTRUCTOR,
  TA,
  STUDENT;

  public boolean isStaff() {
    return this != STUDENT;
  }
}
