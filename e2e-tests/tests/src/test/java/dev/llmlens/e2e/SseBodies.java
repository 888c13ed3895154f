package dev.llmlens.e2e;

import dev.llmlens.e2e.fixture.ScriptedResponse;

/** Server-sent event bodies of streamed chat completions, as the OpenAI API writes them. */
final class SseBodies {

  private SseBodies() {}

  /** {@code words} as content chunks after a role chunk, a finish chunk, optional usage, [DONE]. */
  static ScriptedResponse stream(String model, String finishReason, long[] usage, String... words) {
    StringBuilder body = new StringBuilder();
    body.append(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
    for (String word : words) {
      body.append(chunk(model, "{\"content\":\"" + word + "\"}", null));
    }
    body.append(chunk(model, "{}", finishReason));
    if (usage != null) {
      body.append("data: {\"id\":\"chatcmpl-sse\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"")
          .append(model)
          .append("\",\"choices\":[],\"usage\":{\"prompt_tokens\":")
          .append(usage[0])
          .append(",\"completion_tokens\":")
          .append(usage[1])
          .append(",\"total_tokens\":")
          .append(usage[0] + usage[1])
          .append(",\"prompt_tokens_details\":{\"cached_tokens\":")
          .append(usage[2])
          .append("},\"completion_tokens_details\":{\"reasoning_tokens\":")
          .append(usage[3])
          .append("}}}\n\n");
    }
    body.append("data: [DONE]\n\n");
    return ScriptedResponse.eventStream(body.toString());
  }

  /** A stream whose body breaks off in the middle of its second chunk. */
  static ScriptedResponse cutMidChunk(String model) {
    return ScriptedResponse.eventStream(
        chunk(model, "{\"role\":\"assistant\",\"content\":\"Your\"}", null)
            + "data: {\"id\":\"chatcmpl-sse\",\"object\":\"chat.completion.chunk\",\"choi");
  }

  private static String chunk(String model, String delta, String finishReason) {
    return "data: {\"id\":\"chatcmpl-sse\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"")
        + "}]}\n\n";
  }
}
