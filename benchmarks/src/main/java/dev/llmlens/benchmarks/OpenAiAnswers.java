package dev.llmlens.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The provider's side of every benchmark call: one chat completion, blocking or streamed, as
 * the OpenAI API answers it. The loopback server and the in-process transport send the same
 * bytes, so the two kinds of per-call figure describe the same call.
 */
final class OpenAiAnswers {

  static final byte[] COMPLETION = utf8(
      "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Your parcel ships today.\"},"
          + "\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}");
  static final byte[] STREAM = utf8(
      chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
          + chunk("{\"content\":\"Your parcel\"}", null)
          + chunk("{\"content\":\" ships today.\"}", null)
          + chunk("{}", "\"stop\"")
          + "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}\n\n"
          + "data: [DONE]\n\n");
  static final String RATE_LIMIT_HEADER = "x-ratelimit-remaining-requests";
  static final String RATE_LIMIT_REMAINING = "4999";

  private static final byte[] STREAMED_REQUEST = utf8("\"stream\":true");

  private OpenAiAnswers() {}

  /** Whether a chat completions request body asks for a streamed answer. */
  static boolean streamed(byte[] requestBody) {
    outer:
    for (int start = 0; start <= requestBody.length - STREAMED_REQUEST.length; start++) {
      for (int i = 0; i < STREAMED_REQUEST.length; i++) {
        if (requestBody[start + i] != STREAMED_REQUEST[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static String contentType(boolean streamed) {
    return streamed ? "text/event-stream" : "application/json";
  }

  static byte[] body(boolean streamed) {
    return streamed ? STREAM : COMPLETION;
  }

  private static String chunk(String delta, String finishReason) {
    return "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"finish_reason\":" + (finishReason == null ? "null" : finishReason) + "}]}\n\n";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
