package edu.example.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A test's name and points in results.json, as Gradescope's Java sample annotates its tests. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GradedTest {
  String name() default "";

  double maxScore() default 1;

  String visibility() default "visible";
}
