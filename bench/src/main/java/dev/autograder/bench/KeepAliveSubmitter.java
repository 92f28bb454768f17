package dev.autograder.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * One intake client: a student's submissions posted on one kept-alive HTTP/1.1 connection, each
 * request written in one piece and its answer read as bytes. The intake rounds share two cores with
 * the node and PostgreSQL, and the JDK's HTTP client (with Jackson reading every answer) spent 0.18
 * to 0.28 ms of CPU per submission there: CPU the node did not get. This client does what a load
 * generator does (a status line, the headers, a body of known length), and fails on any answer but
 * 202 with the answer's body, as the shared client would.
 */
final class KeepAliveSubmitter implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 60_000;

  private final String host;
  private final int port;
  private final String boundary = "----intake" + UUID.randomUUID();
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveSubmitter(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Posts {@code content} as the one file {@code filename} of a submission to the assignment, with
   * the student's API token; answers once the node answered 202, throws on any other answer.
   */
  void submit(String token, String assignmentId, String filename, byte[] content)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 256);
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] head =
        ("POST /api/v1/assignments/"
                + assignmentId
                + "/submissions HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nAuthorization: Bearer "
                + token
                + "\r\nContent-Type: multipart/form-data; boundary="
                + boundary
                + "\r\nContent-Length: "
                + body.size()
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream request = new ByteArrayOutputStream(head.length + body.size());
    request.writeBytes(head);
    body.writeTo(request);
    if (socket == null) {
      connect();
    }
    out.write(request.toByteArray());
    out.flush();
    Answer answer = readAnswer();
    if (answer.closes()) {
      close();
    }
    if (answer.status() != 202) {
      throw new IllegalStateException(
          "submission answered " + answer.status() + ": " + answer.body());
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress(host, port), 5_000);
    in = new BufferedInputStream(socket.getInputStream(), 8192);
    out = socket.getOutputStream();
  }

  private record Answer(int status, String body, boolean closes) {}

  /** The status line, the headers (their length and whether the server closes), then the body. */
  private Answer readAnswer() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    int length = -1;
    boolean closes = parts[0].equals("HTTP/1.0");
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        throw new IOException("a header without a colon: " + header);
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Integer.parseInt(value);
        case "connection" -> closes = value.equalsIgnoreCase("close");
        case "transfer-encoding" ->
            throw new IOException("a streamed answer (" + value + ") to a submission");
        default -> {}
      }
    }
    if (length < 0) {
      throw new IOException("an answer without Content-Length: " + statusLine);
    }
    return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8), closes);
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the node closed the connection mid-answer");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
