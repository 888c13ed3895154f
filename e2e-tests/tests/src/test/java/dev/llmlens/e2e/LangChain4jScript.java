package dev.llmlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlens.e2e.fixture.RecordedRequest;
import dev.llmlens.e2e.fixture.ScriptedResponse;
import dev.llmlens.e2e.fixture.ScriptedResponse.ToolCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the scripted OpenAI server answers the LangChain4j scenario app, by the request itself,
 * so the app's steps can come in any order:
 *
 * <ul>
 *   <li>{@code /embeddings}: one 4-dimensional vector per input, {@value #TOKENS_PER_INPUT}
 *       prompt tokens per input;
 *   <li>a chat request that declares tools and ends with the user's message: a call of every
 *       declared tool (ids {@code call_<tool>_<n>}, recorded in {@link #toolCalls()}), usage
 *       {@value #TOOL_CALL_INPUT}/{@value #TOOL_CALL_OUTPUT};
 *   <li>a chat request that ends with a tool result: the final answer, usage {@value
 *       #FINAL_INPUT}/{@value #FINAL_OUTPUT};
 *   <li>model {@code streamed-usage}: a stream "Your parcel" with usage {@value
 *       #STREAM_INPUT}/{@value #STREAM_OUTPUT}; {@code cut-stream}: a stream cut mid-chunk;
 *   <li>anything else: {@link OpenAiScript#byModel} ({@code gpt-4o} 12/7, {@code limited} 429,
 *       {@code broken} 500, {@code too-long} 400 context_length_exceeded, {@code unauthorized}
 *       401, {@code unknown-model} 404, {@code slow} never answers...).
 * </ul>
 */
final class LangChain4jScript {

  static final long TOKENS_PER_INPUT = 4;
  static final long TOOL_CALL_INPUT = 30;
  static final long TOOL_CALL_OUTPUT = 10;
  static final long FINAL_INPUT = 50;
  static final long FINAL_OUTPUT = 8;
  static final long STREAM_INPUT = 9;
  static final long STREAM_OUTPUT = 2;
  static final String FINAL_ANSWER = "Your parcel is at the depot.";
  static final String RESPONSE_MODEL = "gpt-4o-2024-08-06";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicInteger toolCallNumber = new AtomicInteger();
  private final List<ToolCall> toolCalls = new CopyOnWriteArrayList<>();

  /** Every tool call this script asked for, in order. */
  List<ToolCall> toolCalls() {
    return List.copyOf(toolCalls);
  }

  ScriptedResponse answer(RecordedRequest request) {
    JsonNode body = parse(request.body());
    String model = body.path("model").asText();
    if (request.path().endsWith("/embeddings")) {
      List<double[]> vectors = new ArrayList<>();
      JsonNode input = body.path("input");
      if (input.isArray()) {
        input.forEach(text -> vectors.add(vector(text.asText())));
      } else {
        vectors.add(vector(input.asText()));
      }
      return ScriptedResponse.embeddings(model, vectors, TOKENS_PER_INPUT * vectors.size());
    }
    JsonNode messages = body.path("messages");
    String lastRole = messages.size() == 0 ? "" : messages.get(messages.size() - 1).path("role").asText();
    if (lastRole.equals("tool")) {
      return ScriptedResponse.chatCompletion(RESPONSE_MODEL, FINAL_ANSWER, FINAL_INPUT, FINAL_OUTPUT);
    }
    if (body.path("tools").size() > 0 && lastRole.equals("user")) {
      List<ToolCall> calls = new ArrayList<>();
      for (JsonNode tool : body.path("tools")) {
        String name = tool.path("function").path("name").asText();
        calls.add(new ToolCall("call_" + name + "_" + toolCallNumber.incrementAndGet(), name, "{}"));
      }
      toolCalls.addAll(calls);
      return ScriptedResponse.chatCompletionWithToolCalls(RESPONSE_MODEL, calls, TOOL_CALL_INPUT, TOOL_CALL_OUTPUT);
    }
    switch (model) {
      case "streamed-usage":
        return SseBodies.stream(RESPONSE_MODEL, "stop", new long[] {STREAM_INPUT, STREAM_OUTPUT, 0, 0}, "Your", " parcel");
      case "cut-stream":
        return SseBodies.cutMidChunk(RESPONSE_MODEL);
      default:
        return OpenAiScript.byModel(request);
    }
  }

  /** A fixed direction per text, so the same text always lands on the same vector. */
  private static double[] vector(String text) {
    int hash = text.hashCode();
    double[] vector = {1 + (hash & 0xff), 1 + ((hash >> 8) & 0xff), 1 + ((hash >> 16) & 0xff), 1 + ((hash >> 24) & 0xff)};
    double norm = Math.sqrt(vector[0] * vector[0] + vector[1] * vector[1] + vector[2] * vector[2] + vector[3] * vector[3]);
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= norm;
    }
    return vector;
  }

  private static JsonNode parse(String body) {
    if (body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
