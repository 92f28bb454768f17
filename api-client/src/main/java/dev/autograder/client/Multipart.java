package dev.autograder.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body, built part by part into one byte array that is sent as it is. */
final class Multipart {
  private final String boundary = "----autograder" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Multipart field(String name, String value) {
    return part("name=\"" + name + "\"", null, value.getBytes(StandardCharsets.UTF_8));
  }

  Multipart file(String name, String filename, String contentType, byte[] content) {
    return part("name=\"" + name + "\"; filename=\"" + filename + "\"", contentType, content);
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The whole body, closed by the last boundary. */
  byte[] bytes() {
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private Multipart part(String disposition, String contentType, byte[] content) {
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; "
                + disposition
                + (contentType == null ? "" : "\r\nContent-Type: " + contentType)
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    return this;
  }
}
