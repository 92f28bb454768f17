package dev.autograder.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autograder.api.Browser.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reading a submission's code through HTTP: its files, one file's text, and the zips to download.
 */
class CodeViewApiTest {
  private static final String PAGE = "<script>alert('run me')</script>\n";
  private static final byte[] BINARY = {'E', 'L', 'F', 0, 1, 2, (byte) 0xff};

  @RegisterExtension static final NodeUnderTest node = NodeUnderTest.withClassroom(Map.of());

  private static Part binary(String name, byte[] content) {
    return new Part(name, name, content);
  }

  private static String submit(String student, Part... parts) throws Exception {
    Browser.Answer a = node.room().submit(node.room().as(student), Classroom.ASSIGNMENT, parts);
    assertEquals(202, a.status(), a.toString());
    return a.body().path("id").asText();
  }

  @Test
  void aStudentReadsTheirOwnFilesAsJsonTextAndBinaryFilesOnlyAsASize() throws Exception {
    String id =
        submit(
            "stu1",
            Part.file("main.py", "print('hi')\n"),
            Part.file("lib/page.html", PAGE),
            binary("data.bin", BINARY));
    Browser stu = node.room().as("stu1");

    JsonNode files = stu.get("/api/v1/submissions/" + id + "/files").body();
    assertEquals("stu1", files.path("student").asText());
    assertEquals(
        List.of("data.bin 7 true", "lib/page.html " + PAGE.length() + " false", "main.py 12 false"),
        entries(files.path("files")));

    Browser.Answer page = stu.get("/api/v1/submissions/" + id + "/file?path=lib/page.html");
    assertEquals(200, page.status(), page.toString());
    assertEquals(PAGE, page.body().path("content").asText());
    assertTrue(
        page.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "text leaves inside JSON, never as a page: " + page.raw().headers());
    assertEquals("nosniff", page.raw().headers().firstValue("X-Content-Type-Options").orElse(""));

    JsonNode data = stu.get("/api/v1/submissions/" + id + "/file?path=data.bin").body();
    assertTrue(data.path("binary").asBoolean(), data.toString());
    assertEquals(7, data.path("size").asInt());
    assertFalse(data.has("content"), "a binary file's bytes are not sent as text: " + data);
  }

  @Test
  void aMissingPathIsABadRequestAndAnUnknownFileOrSubmissionIsNotFound() throws Exception {
    String id = submit("stu1", Part.file("main.py", "print(1)\n"));
    Browser stu = node.room().as("stu1");
    Browser.Answer noPath = stu.get("/api/v1/submissions/" + id + "/file");
    assertEquals(400, noPath.status(), noPath.toString());
    assertEquals("invalid_path", noPath.code());
    for (String path :
        List.of(
            "/api/v1/submissions/" + id + "/file?path=other.py",
            "/api/v1/submissions/" + id + "/file?path=../../etc/passwd",
            "/api/v1/submissions/no-such-submission/files",
            "/api/v1/submissions/no-such-submission/archive.zip",
            "/api/v1/assignments/no-such-assignment/submissions.zip")) {
      Browser.Answer a = node.room().as("ta1").get(path);
      assertEquals(404, a.status(), path + ": " + a);
      assertEquals("not_found", a.code(), path);
    }
  }

  @Test
  void onlyTheOwnerAndTheCoursesStaffReadASubmissionsCode() throws Exception {
    String id = submit("stu1", Part.file("main.py", "print('mine')\n"));
    String file = "/api/v1/submissions/" + id + "/file?path=main.py";
    for (String reader : List.of("stu1", "ta1", "ins", "admin")) {
      Browser.Answer a = node.room().as(reader).get(file);
      assertEquals(200, a.status(), reader + ": " + a);
      assertEquals("print('mine')\n", a.body().path("content").asText());
    }
    for (String stranger : List.of("stu2", "out1")) {
      for (String path :
          List.of(
              file,
              "/api/v1/submissions/" + id + "/files",
              "/api/v1/submissions/" + id + "/archive.zip")) {
        Browser.Answer a = node.room().as(stranger).get(path);
        assertEquals(404, a.status(), stranger + " " + path + ": " + a);
      }
    }
  }

  @Test
  void aSubmissionDownloadsAsAZipAttachmentOfItsFiles() throws Exception {
    String id = submit("stu2", Part.file("main.py", "print(2)\n"), binary("data.bin", BINARY));
    HttpResponse<byte[]> zip =
        node.room().as("stu2").download("/api/v1/submissions/" + id + "/archive.zip");
    assertEquals(200, zip.statusCode());
    assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(""));
    assertTrue(
        zip.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"),
        zip.headers().toString());
    Map<String, byte[]> entries = unzip(zip.body());
    assertEquals(List.of("data.bin", "main.py"), List.copyOf(entries.keySet()));
    assertArrayEquals(BINARY, entries.get("data.bin"));
  }

  @Test
  void staffDownloadEveryStudentsCountedSubmissionWithAFolderEach() throws Exception {
    node.room()
        .as("ins")
        .post(
            "/api/v1/courses/" + Classroom.COURSE + "/assignments",
            Classroom.assignment("zipped", Instant.now().plusSeconds(86_400)));
    for (var s :
        List.of(
            Map.entry("stu1", "print('first')\n"),
            Map.entry("stu2", "print('two')\n"),
            Map.entry("stu1", "print('latest')\n"),
            Map.entry("ta1", "print('a test run by staff')\n"))) {
      Browser.Answer a =
          node.room()
              .submit(node.room().as(s.getKey()), "zipped", Part.file("main.py", s.getValue()));
      assertEquals(202, a.status(), a.toString());
    }
    CourseApiTest.awaitList(node.room().as("ta1"), "/api/v1/assignments/zipped/submissions", 4);

    HttpResponse<byte[]> zip =
        node.room().as("ta1").download("/api/v1/assignments/zipped/submissions.zip");
    assertEquals(200, zip.statusCode(), new String(zip.body(), StandardCharsets.UTF_8));
    assertEquals(
        "attachment; filename=\"zipped-submissions.zip\"",
        zip.headers().firstValue("Content-Disposition").orElse(""));
    Map<String, byte[]> entries = unzip(zip.body());
    assertEquals(
        List.of("stu1/main.py", "stu2/main.py"),
        List.copyOf(entries.keySet()),
        "students only, not staff");
    assertEquals(
        "print('latest')\n",
        new String(entries.get("stu1/main.py"), StandardCharsets.UTF_8),
        "the counted submission is the latest");

    Browser.Answer student =
        node.room().as("stu1").get("/api/v1/assignments/zipped/submissions.zip");
    assertEquals(403, student.status(), student.toString());
    assertEquals(
        404, node.room().as("out1").get("/api/v1/assignments/zipped/submissions.zip").status());
  }

  private static List<String> entries(JsonNode files) {
    return StreamSupport.stream(files.spliterator(), false)
        .map(
            f ->
                f.path("path").asText()
                    + " "
                    + f.path("size").asInt()
                    + " "
                    + f.path("binary").asBoolean())
        .toList();
  }

  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
