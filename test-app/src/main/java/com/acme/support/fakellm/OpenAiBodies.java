package com.acme.support.fakellm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/** The JSON bodies the real API sends, field for field, for the cases the fake server covers. */
final class OpenAiBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private OpenAiBodies() {}

  static String chatCompletion(
      String model, String content, long promptTokens, long completionTokens, Random random) {
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
    return completionEnd(root, promptTokens, completionTokens, random);
  }

  /**
   * The answer of a model that calls functions: no content, the calls in {@code
   * message.tool_calls} (their arguments a JSON string, as the API sends them), {@code
   * finish_reason: "tool_calls"}.
   */
  static String toolCalls(
      String model, List<ToolCalls.Call> calls, long promptTokens, long completionTokens, Random random) {
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
    return completionEnd(root, promptTokens, completionTokens, random);
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

  private static String completionEnd(
      ObjectNode root, long promptTokens, long completionTokens, Random random) {
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
    promptDetails.put("cached_tokens", 0);
    promptDetails.put("audio_tokens", 0);
    ObjectNode completionDetails = usage.putObject("completion_tokens_details");
    completionDetails.put("reasoning_tokens", 0);
    completionDetails.put("audio_tokens", 0);
    completionDetails.put("accepted_prediction_tokens", 0);
    completionDetails.put("rejected_prediction_tokens", 0);
    root.put("service_tier", "default");
    root.put("system_fingerprint", "fp_" + randomString(random, "0123456789abcdef", 10));
    return root.toString();
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
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
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
