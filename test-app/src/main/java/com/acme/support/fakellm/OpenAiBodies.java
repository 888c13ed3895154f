package com.acme.support.fakellm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The JSON bodies the real API sends, field for field, for the cases the fake server covers. */
final class OpenAiBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private OpenAiBodies() {}

  /** Token counts of one answer; {@code cachedTokens} go into {@code prompt_tokens_details}. */
  record Usage(long promptTokens, long completionTokens, long cachedTokens) {}

  static String chatCompletion(String model, String content, Usage usage, Random random) {
    ObjectNode root = completionRoot(model, random);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    return completionEnd(root, usage, random);
  }

  /**
   * The answer of a model that calls functions: no content, the calls in {@code
   * message.tool_calls} (their arguments a JSON string, as the API sends them), {@code
   * finish_reason: "tool_calls"}.
   */
  static String toolCalls(
      String model, List<ToolCalls.Call> calls, Usage usage, Random random) {
    ObjectNode root = completionRoot(model, random);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.putNull("content");
    ArrayNode toolCalls = message.putArray("tool_calls");
    for (ToolCalls.Call call : calls) {
      ObjectNode toolCall = toolCalls.addObject();
      toolCall.put("id", "call_" + randomString(random, ALPHANUMERIC, 24));
      toolCall.put("type", "function");
      ObjectNode function = toolCall.putObject("function");
      function.put("name", call.name());
      function.put("arguments", call.arguments());
    }
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", "tool_calls");
    return completionEnd(root, usage, random);
  }

  /**
   * A streamed answer: the {@code data:} payloads of its server-sent events, in order, as the API
   * sends them for {@code "stream": true}. Every event is a {@code chat.completion.chunk} with the
   * same id, created, model and fingerprint: first the role (with empty content), then one chunk
   * per piece of {@code pieces}, then the finish reason with an empty delta. With {@code
   * includeUsage} ({@code stream_options.include_usage}), every chunk carries {@code "usage":
   * null} and a last chunk has no choices and the usage. The {@code [DONE]} sentinel is last.
   */
  static List<String> chatCompletionChunks(
      String model, List<String> pieces, Usage usage, boolean includeUsage, Random random) {
    ObjectNode head = JSON.createObjectNode();
    head.put("id", "chatcmpl-" + randomString(random, ALPHANUMERIC, 29));
    head.put("object", "chat.completion.chunk");
    head.put("created", System.currentTimeMillis() / 1000);
    head.put("model", model);
    head.put("service_tier", "default");
    head.put("system_fingerprint", fingerprint(random));
    List<String> events = new ArrayList<>();
    ObjectNode role = JSON.createObjectNode();
    role.put("role", "assistant");
    role.put("content", "");
    role.putNull("refusal");
    events.add(chunk(head, role, null, includeUsage));
    for (String piece : pieces) {
      ObjectNode delta = JSON.createObjectNode();
      delta.put("content", piece);
      events.add(chunk(head, delta, null, includeUsage));
    }
    events.add(chunk(head, JSON.createObjectNode(), "stop", includeUsage));
    if (includeUsage) {
      ObjectNode last = head.deepCopy();
      last.putArray("choices");
      putUsage(last, usage);
      events.add(last.toString());
    }
    events.add("[DONE]");
    return events;
  }

  private static String chunk(ObjectNode head, ObjectNode delta, String finishReason, boolean includeUsage) {
    ObjectNode chunk = head.deepCopy();
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    // A null finish reason goes out as JSON null, as on every chunk before the last.
    choice.put("finish_reason", finishReason);
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return chunk.toString();
  }

  /** The embeddings API's list: one float vector per input, in input order, and the usage. */
  static String embeddings(String model, List<float[]> vectors, long promptTokens) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < vectors.size(); i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      ArrayNode embedding = item.putArray("embedding");
      for (float value : vectors.get(i)) {
        embedding.add(value);
      }
    }
    root.put("model", model);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("total_tokens", promptTokens);
    return root.toString();
  }

  private static ObjectNode completionRoot(String model, Random random) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-" + randomString(random, ALPHANUMERIC, 29));
    root.put("object", "chat.completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", model);
    return root;
  }

  private static String completionEnd(ObjectNode root, Usage usage, Random random) {
    putUsage(root, usage);
    root.put("service_tier", "default");
    root.put("system_fingerprint", fingerprint(random));
    return root.toString();
  }

  private static String fingerprint(Random random) {
    return "fp_" + randomString(random, "0123456789abcdef", 10);
  }

  private static void putUsage(ObjectNode root, Usage counts) {
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", counts.promptTokens());
    usage.put("completion_tokens", counts.completionTokens());
    usage.put("total_tokens", counts.promptTokens() + counts.completionTokens());
    ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
    promptDetails.put("cached_tokens", counts.cachedTokens());
    promptDetails.put("audio_tokens", 0);
    ObjectNode completionDetails = usage.putObject("completion_tokens_details");
    completionDetails.put("reasoning_tokens", 0);
    completionDetails.put("audio_tokens", 0);
    completionDetails.put("accepted_prediction_tokens", 0);
    completionDetails.put("rejected_prediction_tokens", 0);
  }

  static String rateLimited(String model, long limit) {
    return error(
        "Rate limit reached for "
            + model
            + " in organization org-acmesupportdemo on requests per min (RPM): Limit "
            + limit
            + ", Used "
            + limit
            + ", Requested 1. Please try again in 6ms. Visit"
            + " https://platform.openai.com/account/rate-limits to learn more.",
        "requests",
        "rate_limit_exceeded");
  }

  static String serverError() {
    return error(
        "The server had an error while processing your request.",
        "server_error",
        null);
  }

  static String invalidRequest(String message) {
    return error(message, "invalid_request_error", null);
  }

  static String requestId(Random random) {
    return "req_" + randomString(random, "0123456789abcdef", 32);
  }

  private static String error(String message, String type, String code) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    // Jackson writes a null String as JSON null.
    error.put("code", code);
    return root.toString();
  }

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
