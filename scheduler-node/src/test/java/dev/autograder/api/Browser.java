package dev.autograder.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Someone using the API over HTTP: anonymous, signed in with a session (cookie and CSRF token, as a
 * browser), or with a bearer token (as a script).
 */
final class Browser {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Answer(int status, JsonNode body, String text, HttpResponse<String> raw) {
    String code() {
      return body.path("error").path("code").asText();
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  /** One uploaded part: a file (with a name) or a field. */
  record Part(String name, String filename, byte[] content) {
    static Part file(String name, String content) {
      return new Part("files", name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Part field(String name, String value) {
      return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final String base;
  private String cookie;
  private String csrf;
  private String bearer;

  Browser(String base) {
    this.base = base;
  }

  static Browser anonymous(String base) {
    return new Browser(base);
  }

  /** Signs in with a session, as the web app does. */
  static Browser signedIn(String base, String username, String password) throws Exception {
    Browser b = new Browser(base);
    Answer a = b.post("/api/v1/session", Map.of("username", username, "password", password));
    if (a.status() != 200) {
      throw new AssertionError("sign-in of " + username + " failed: " + a);
    }
    return b;
  }

  /** Uses only the given bearer token (an API token, or a configured scrape token). */
  static Browser withBearer(String base, String token) {
    Browser b = new Browser(base);
    b.bearer = token;
    return b;
  }

  /** Signs in, takes an API token, and from then on uses only the token. */
  static Browser withToken(String base, String username, String password) throws Exception {
    Browser session = signedIn(base, username, password);
    Answer token = session.post("/api/v1/tokens", Map.of("name", "test"));
    Browser b = new Browser(base);
    b.bearer = token.body().path("token").asText();
    return b;
  }

  String cookie() {
    return cookie;
  }

  Browser withoutCsrf() {
    Browser b = new Browser(base);
    b.cookie = cookie;
    return b;
  }

  Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** A download: the body as bytes, the headers as sent. */
  HttpResponse<byte[]> download(String path) throws Exception {
    return HTTP.send(
        signed(HttpRequest.newBuilder(uri(path)).GET()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  Answer delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  Answer post(String path, Object json) throws Exception {
    return send(path, "POST", "application/json", JSON.writeValueAsBytes(json));
  }

  Answer put(String path, Object json) throws Exception {
    return send(path, "PUT", "application/json", JSON.writeValueAsBytes(json));
  }

  Answer patch(String path, Object json) throws Exception {
    return send(path, "PATCH", "application/json", JSON.writeValueAsBytes(json));
  }

  Answer send(String path, String method, String contentType, byte[] body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /**
   * Announces a body of {@code length} bytes and sends none of it: the server must refuse it from
   * the header alone. Answers the status line.
   */
  String oversized(String path, String method, String contentType, long length) throws Exception {
    URI u = uri(path);
    try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
      socket.setSoTimeout(20_000);
      String head =
          method
              + " "
              + u.getRawPath()
              + " HTTP/1.1\r\nHost: "
              + u.getHost()
              + "\r\nContent-Type: "
              + contentType
              + "\r\nContent-Length: "
              + length
              + "\r\n"
              + (bearer != null ? "Authorization: Bearer " + bearer + "\r\n" : "")
              + (cookie != null ? "Cookie: " + cookie + "\r\nX-CSRF-Token: " + csrf + "\r\n" : "")
              + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  Answer multipart(String path, List<Part> parts) throws Exception {
    String boundary = "----test" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Part p : parts) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + p.name()
                  + "\""
                  + (p.filename() == null ? "" : "; filename=\"" + p.filename() + "\"")
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(p.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(path, "POST", "multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  /** A GET whose body is read as it comes (a status stream): answers once the headers are in. */
  HttpResponse<java.util.stream.Stream<String>> lines(String path) throws Exception {
    return HTTP.send(
        signed(HttpRequest.newBuilder(uri(path)).GET()).build(),
        HttpResponse.BodyHandlers.ofLines());
  }

  /**
   * A GET on a socket of its own, left open once the status line is read: closing the socket is a
   * client that goes away. Answers the socket and its status line.
   */
  java.util.Map.Entry<java.net.Socket, String> openSocket(String path) throws Exception {
    URI u = uri(path);
    java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort());
    socket.setSoTimeout(20_000);
    String head =
        "GET "
            + u.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + u.getHost()
            + "\r\n"
            + (bearer != null ? "Authorization: Bearer " + bearer + "\r\n" : "")
            + (cookie != null ? "Cookie: " + cookie + "\r\n" : "")
            + "\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    StringBuilder status = new StringBuilder();
    for (int c = socket.getInputStream().read();
        c != -1 && c != '\n';
        c = socket.getInputStream().read()) {
      status.append((char) c);
    }
    return java.util.Map.entry(socket, status.toString().strip());
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  /** The request with this browser's credentials and the tests' timeout. */
  private HttpRequest.Builder signed(HttpRequest.Builder request) {
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    return request.timeout(Duration.ofSeconds(30));
  }

  private Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r =
        HTTP.send(signed(request).build(), HttpResponse.BodyHandlers.ofString());
    r.headers()
        .firstValue("Set-Cookie")
        .ifPresent(
            set -> {
              String pair = set.split(";")[0];
              cookie = pair.endsWith("=") ? null : pair;
            });
    JsonNode body = JSON.nullNode();
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/json") && !r.body().isEmpty()) {
      body = JSON.readTree(r.body());
      if (body.has("csrfToken")) {
        csrf = body.path("csrfToken").asText();
      }
    }
    return new Answer(r.statusCode(), body, r.body(), r);
  }
}
