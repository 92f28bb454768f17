package dev.autograder.office;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AssignmentSlugTest {

  @Test
  void aTitleBecomesLowerCaseWordsJoinedByDashesWithoutAccents() {
    assertEquals("lab-3-linked-lists", AssignmentSlug.fromTitle("Lab 3 — Linked Lists"));
    assertEquals("cafe-creme", AssignmentSlug.fromTitle("  Café   Crème!! "));
    assertEquals("c-pointers", AssignmentSlug.fromTitle("C++ pointers"));
  }

  @Test
  void aTitleWithNothingLatinGetsAGenericName() {
    assertEquals("assignment", AssignmentSlug.fromTitle("数据结构"));
    assertEquals("assignment", AssignmentSlug.fromTitle("!!!"));
  }

  @Test
  void aLongTitleIsCutAtAWordBoundaryWithRoomForANumber() {
    String slug = AssignmentSlug.fromTitle("word ".repeat(40));
    assertTrue(slug.length() <= AssignmentSlug.MAX_BASE, slug);
    assertTrue(!slug.endsWith("-") && slug.startsWith("word-word"), slug);
    assertTrue(
        AssignmentSlug.candidate(slug, AssignmentSlug.NUMBERED_TRIES, "abc123").length() <= 63);
  }

  @Test
  void takenNamesAreNumberedThenGivenARandomPart() {
    assertEquals("lab", AssignmentSlug.candidate("lab", 1, "f00d12"));
    assertEquals("lab-2", AssignmentSlug.candidate("lab", 2, "f00d12"));
    assertEquals(
        "lab-f00d12", AssignmentSlug.candidate("lab", AssignmentSlug.NUMBERED_TRIES + 1, "f00d12"));
  }
}
