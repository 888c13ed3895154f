package dev.llmlens.instrumentation.api;

/**
 * Messages of a call written as the GenAI conventions' JSON ({@code [{"role":"user","parts":
 * [{"type":"text","content":"..."}]}]}), built by a {@link ContentReader}. Each text is cut at
 * {@link #MAX_TEXT} characters (marked with a trailing {@code …}) and the whole at {@link
 * #MAX_MESSAGES} messages, so a long conversation cannot make a span unbounded.
 */
public final class GenAiMessages {

  public static final int MAX_TEXT = 4096;
  public static final int MAX_MESSAGES = 64;

  private final StringBuilder json = new StringBuilder("[");
  private int count;

  /** One message with one text part; {@code finishReason} only for output messages. */
  public GenAiMessages add(String role, String text, String finishReason) {
    if (count >= MAX_MESSAGES || role == null) {
      return this;
    }
    if (count++ > 0) {
      json.append(',');
    }
    json.append("{\"role\":");
    quote(role);
    json.append(",\"parts\":[");
    if (text != null) {
      json.append("{\"type\":\"text\",\"content\":");
      quote(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "\u2026" : text);
      json.append('}');
    }
    json.append(']');
    if (finishReason != null) {
      json.append(",\"finish_reason\":");
      quote(finishReason);
    }
    json.append('}');
    return this;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The JSON array, or {@code null} when no message was added. */
  public String toJson() {
    return count == 0 ? null : json.toString() + "]";
  }

  private void quote(String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
