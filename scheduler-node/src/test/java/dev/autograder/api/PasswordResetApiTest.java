package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generated passwords (reset by staff or a site admin, or made for a new account) must be changed
 * first.
 */
class PasswordResetApiTest {
  @RegisterExtension static final NodeUnderTest node = NodeUnderTest.withClassroom(Map.of());

  private static String code(Browser.Answer answer) {
    return answer.body().path("error").path("code").asText();
  }

  private static String enrolNewStudent(String username) throws Exception {
    Browser.Answer imported =
        node.room()
            .admin
            .send(
                "/api/v1/courses/cs101/roster/import",
                "POST",
                "text/csv",
                ("username,display_name,role\n" + username + ",Student " + username + ",student\n")
                    .getBytes());
    assertEquals(200, imported.status(), imported.toString());
    return imported.body().path("created").get(0).path("initialPassword").asText();
  }

  @Test
  void aStudentWhoseTaResetTheirPasswordMustChangeItBeforeAnythingElse() throws Exception {
    String first = enrolNewStudent("lost1");
    Browser before = Browser.signedIn(node.base(), "lost1", first);
    assertEquals(
        204,
        before
            .put(
                "/api/v1/me/password",
                Map.of("currentPassword", first, "newPassword", "forgotten password"))
            .status());

    Browser.Answer reset =
        node.room().as("ta1").post("/api/v1/courses/cs101/roster/lost1/password-reset", Map.of());
    assertEquals(200, reset.status(), reset.toString());
    assertEquals("lost1", reset.body().path("username").asText());
    String generated = reset.body().path("initialPassword").asText();
    JsonNode logged =
        AuditLogApiTest.await(
            node.room().as("ins"),
            "/api/v1/courses/cs101/audit?student=lost1",
            entry -> entry.path("action").asText().equals("password_reset"));
    assertEquals(
        "ta1",
        logged.path("actor").asText(),
        "the course's audit log names who reset it: " + logged);

    assertEquals(401, before.get("/api/v1/me").status(), "the reset ends the account's sessions");
    assertEquals(
        401,
        Browser.anonymous(node.base())
            .post("/api/v1/session", Map.of("username", "lost1", "password", "forgotten password"))
            .status(),
        "the old password is gone");
    Browser after = Browser.anonymous(node.base());
    Browser.Answer signIn =
        after.post("/api/v1/session", Map.of("username", "lost1", "password", generated));
    assertEquals(200, signIn.status(), signIn.toString());
    assertTrue(
        signIn.body().path("mustChangePassword").asBoolean(), "the sign-in says so: " + signIn);
    assertTrue(after.get("/api/v1/me").body().path("mustChangePassword").asBoolean());
    assertTrue(after.get("/api/v1/session").body().path("mustChangePassword").asBoolean());
    for (Browser.Answer refused :
        new Browser.Answer[] {
          after.get("/api/v1/courses"),
          after.get("/api/v1/assignments/hello"),
          after.post("/api/v1/tokens", Map.of("name", "t"))
        }) {
      assertEquals(403, refused.status(), refused.toString());
      assertEquals("password_change_required", code(refused), refused.toString());
    }

    assertEquals(
        204,
        after
            .put(
                "/api/v1/me/password",
                Map.of("currentPassword", generated, "newPassword", "remembered this time"))
            .status());
    assertEquals(
        200, after.get("/api/v1/courses").status(), "the same session may do everything now");
    Browser.Answer again =
        Browser.anonymous(node.base())
            .post(
                "/api/v1/session", Map.of("username", "lost1", "password", "remembered this time"));
    assertEquals(false, again.body().path("mustChangePassword").asBoolean(), again.toString());
  }

  @Test
  void staffResetOnlyTheirOwnStudentsAndASiteAdminResetsAnyone() throws Exception {
    enrolNewStudent("lost2");
    assertEquals(
        403,
        node.room()
            .as("ta1")
            .post("/api/v1/courses/cs101/roster/ins/password-reset", Map.of())
            .status(),
        "a TA may not take over an instructor's account");
    Browser.Answer stranger =
        node.room().as("ins").post("/api/v1/courses/cs101/roster/out1/password-reset", Map.of());
    assertEquals(404, stranger.status(), "out1 is not in cs101: " + stranger);
    assertEquals(
        403,
        node.room()
            .as("stu1")
            .post("/api/v1/courses/cs101/roster/lost2/password-reset", Map.of())
            .status());
    assertEquals(
        404,
        node.room()
            .as("out1")
            .post("/api/v1/courses/cs101/roster/lost2/password-reset", Map.of())
            .status());
    assertEquals(
        404,
        node.room().admin.post("/api/v1/accounts/nobody-here/password-reset", Map.of()).status());
    assertEquals(
        403,
        node.room().as("ins").post("/api/v1/accounts/lost2/password-reset", Map.of()).status());

    Browser.Answer byAdmin =
        node.room().admin.post("/api/v1/accounts/lost2/password-reset", Map.of());
    assertEquals(200, byAdmin.status(), byAdmin.toString());
    Browser.Answer signIn =
        Browser.anonymous(node.base())
            .post(
                "/api/v1/session",
                Map.of(
                    "username",
                    "lost2",
                    "password",
                    byAdmin.body().path("initialPassword").asText()));
    assertTrue(signIn.body().path("mustChangePassword").asBoolean(), signIn.toString());
  }

  @Test
  void anAccountASiteAdminCreatesWithoutAPasswordGetsAGeneratedOne() throws Exception {
    Browser.Answer created =
        node.room()
            .admin
            .post("/api/v1/accounts", Map.of("username", "fresh1", "displayName", "Fresh One"));
    assertEquals(201, created.status(), created.toString());
    assertEquals("Fresh One", created.body().path("displayName").asText());
    String generated = created.body().path("initialPassword").asText();
    assertTrue(generated.length() >= 10, created.toString());
    Browser.Answer signIn =
        Browser.anonymous(node.base())
            .post("/api/v1/session", Map.of("username", "fresh1", "password", generated));
    assertTrue(signIn.body().path("mustChangePassword").asBoolean(), signIn.toString());

    Browser.Answer chosen =
        node.room()
            .admin
            .post(
                "/api/v1/accounts",
                Map.of("username", "fresh2", "password", "chosen by the admin"));
    assertEquals(201, chosen.status(), chosen.toString());
    assertTrue(
        chosen.body().path("initialPassword").isMissingNode(),
        "a chosen password is not shown back");
  }
}
