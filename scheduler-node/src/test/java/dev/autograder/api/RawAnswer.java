package dev.autograder.api;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP answer as it came: status, headers by lower-case name, body. Sign-in requests are sent
 * from a chosen loopback address (127.0.0.0/8 is all loopback), so that each is a real TCP peer of
 * its own for the throttle.
 */
record RawAnswer(int status, Map<String, List<String>> headers, String body) {
  String header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream()
        .findFirst()
        .orElse("");
  }

  /** POST /api/v1/session to the node on {@code port}, over a connection from {@code from}. */
  static RawAnswer signIn(int port, String from, String username, String password)
      throws Exception {
    byte[] body =
        Browser.JSON.writeValueAsBytes(Map.of("username", username, "password", password));
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      String[] lines = answer.substring(0, end).split("\r\n");
      Map<String, List<String>> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
      return new RawAnswer(
          Integer.parseInt(lines[0].split(" ")[1]), headers, answer.substring(end + 4));
    }
  }
}
