package dev.autograder.problem;

/**
 * Walks a text one token at a time, keeping the whitespace before each token and its line, so that
 * outputs of millions of tokens are compared without listing them.
 */
final class TokenCursor {

  private final String text;
  private int position;
  private int line = 1;
  private int count;
  private String spaceBefore = "";
  private String token;
  private int tokenLine;

  TokenCursor(String text) {
    this.text = text;
  }

  /**
   * Moves to the next token. At the end it returns false, and {@link #spaceBefore()} is then the
   * whitespace that ends the text.
   */
  boolean advance() {
    int start = position;
    while (position < text.length() && isSpace(text.charAt(position))) {
      if (text.charAt(position) == '\n') {
        line++;
      }
      position++;
    }
    spaceBefore = text.substring(start, position);
    if (position == text.length()) {
      token = null;
      return false;
    }
    start = position;
    while (position < text.length() && !isSpace(text.charAt(position))) {
      position++;
    }
    token = text.substring(start, position);
    tokenLine = line;
    count++;
    return true;
  }

  /** The tokens seen so far plus those still ahead; moves to the end. */
  int countAll() {
    while (advance()) {
      // Counting is all that is needed.
    }
    return count;
  }

  String token() {
    return token;
  }

  String spaceBefore() {
    return spaceBefore;
  }

  /** The 1-based number of the current token. */
  int index() {
    return count;
  }

  int line() {
    return tokenLine;
  }

  /** The characters C's isspace() accepts, as the Kattis validator splits on them. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }
}
