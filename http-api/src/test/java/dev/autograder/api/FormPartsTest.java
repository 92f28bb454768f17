package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograder.port.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A submission's multipart/form-data body split into its parts, and the bodies it refuses. */
class FormPartsTest {
  private static List<FormParts.Part> parse(String body) {
    return FormParts.parse(body.getBytes(StandardCharsets.UTF_8), "xyz");
  }

  @Test
  void aBrowsersFormGivesItsFieldsAndFilesInOrderWithTheirExactBytes() {
    List<FormParts.Part> parts =
        parse(
            "preamble\r\n--xyz\r\n"
                + "Content-Disposition: form-data; name=\"student\"\r\n\r\nstu1\r\n"
                + "--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"main.py\"\r\n"
                + "Content-Type: text/x-python\r\n\r\nprint(1)\r\n\r\n--x\r\n"
                + "--xyz \r\nContent-Disposition: form-data; name=files; filename=\"d\\\"ü.py\"\r\n\r\n\r\n"
                + "--xyz--\r\nepilogue --xyz");
    assertEquals(3, parts.size());
    assertEquals("student", parts.get(0).name());
    assertEquals(Optional.empty(), parts.get(0).filename());
    assertEquals("stu1", parts.get(0).text());
    assertEquals(Optional.of("main.py"), parts.get(1).filename());
    assertEquals("print(1)\r\n\r\n--x", parts.get(1).text(), "a line like a boundary is content");
    assertEquals("files", parts.get(2).name());
    assertEquals(Optional.of("d\"ü.py"), parts.get(2).filename());
    assertArrayEquals(new byte[0], parts.get(2).content());
  }

  @Test
  void bareLineFeedsAndAnEmptyFormAreRead() {
    List<FormParts.Part> parts =
        parse("--xyz\nContent-Disposition: form-data; name=\"a\"\n\n1\n--xyz--\n");
    assertEquals("1", parts.get(0).text());
    assertTrue(parse("--xyz--\r\n").isEmpty());
  }

  @Test
  void aMalformedBodyIsRefusedAsInvalidNamingWhatIsWrong() {
    for (String body :
        List.of(
            "",
            "no boundary here",
            "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
            "--xyz\r\nContent-Type: text/plain\r\n\r\n1\r\n--xyz--",
            "--xyz\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--xyz--",
            "--xyz\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--xyz--",
            "--xyzjunk\r\n",
            "--xyz\r\nno colon\r\n\r\n--xyz--")) {
      Refusal p = assertThrows(Refusal.class, () -> parse(body), body);
      assertEquals(Refusal.Kind.INVALID, p.kind());
      assertEquals("invalid_multipart", p.code());
    }
  }
}
