package com.acme.support.fakellm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/** The JSON bodies the real API sends, field for field, for the cases the fake server covers. */
final class OpenAiBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private OpenAiBodies() {}

  static String chatCompletion(
      String model, String content, long promptTokens, long completionTokens, Random random) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-" + randomString(random, ALPHANUMERIC, 29));
    root.put("object", "chat.completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
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
