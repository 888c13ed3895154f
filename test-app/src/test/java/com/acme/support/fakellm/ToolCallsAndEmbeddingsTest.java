package com.acme.support.fakellm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake server's tool-call answers and its embeddings endpoint, over plain HTTP with the
 * protocol's JSON, as LangChain4j's OpenAI module sends it.
 */
class ToolCallsAndEmbeddingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOOLS =
      """
      "tools": [
        {"type": "function", "function": {"name": "orderStatus", "description": "status",
          "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}},
                         "required": ["orderId"]}}},
        {"type": "function", "function": {"name": "refundPolicy", "description": "refunds",
          "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}},
                         "required": ["orderId"]}}}
      ]""";

  private FakeOpenAiServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = new FakeOpenAiServer(new FakeLlmSettings(42, 0.01, Duration.ofSeconds(3)), ResponsePlan.alwaysOk());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Answer(int status, String body, JsonNode json) {}

  private Answer post(String path, String body, String userAgent) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("content-type", "application/json")
            .header("User-Agent", userAgent)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), JSON.readTree(response.body()));
  }

  private Answer chat(String messages) throws Exception {
    return post(
        "/chat/completions",
        "{\"model\": \"gpt-4o-mini\", \"messages\": [" + messages + "], " + TOOLS + "}",
        "langchain4j-openai");
  }

  private static long promptTokens(String body) {
    return (body.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
  }

  @Test
  void callsBothToolsWhenTheQuestionNamesAnOrderAndARefund() throws Exception {
    String messages =
        """
        {"role": "system", "content": "You are the shop's agent."},
        {"role": "user", "content": "Can I get a refund for order #200041? It never came."}""";

    Answer answer = chat(messages);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode choice = answer.json().path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode message = choice.path("message");
    assertThat(message.path("role").asText()).isEqualTo("assistant");
    assertThat(message.path("content").isNull()).isTrue();
    JsonNode calls = message.path("tool_calls");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).path("type").asText()).isEqualTo("function");
    assertThat(calls.get(0).path("id").asText()).matches("call_[A-Za-z0-9]{24}");
    assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("orderStatus");
    assertThat(calls.get(0).path("function").path("arguments").asText()).isEqualTo("{\"orderId\":\"200041\"}");
    assertThat(calls.get(1).path("function").path("name").asText()).isEqualTo("refundPolicy");
    assertThat(calls.get(1).path("function").path("arguments").asText()).isEqualTo("{\"orderId\":\"200041\"}");
    assertThat(calls.get(1).path("id").asText()).isNotEqualTo(calls.get(0).path("id").asText());
    // 5 per call plus (name + arguments) / 4: (11 + 20 + 3) / 4 = 8 and (12 + 20 + 3) / 4 = 8.
    JsonNode usage = answer.json().path("usage");
    String body =
        "{\"model\": \"gpt-4o-mini\", \"messages\": [" + messages + "], " + TOOLS + "}";
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(promptTokens(body));
    assertThat(usage.path("completion_tokens").asLong()).isEqualTo(26);
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(promptTokens(body) + 26);
    assertThat(answer.json().path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(server.servedRequests()).singleElement()
        .satisfies(served -> assertThat(served.completionTokens()).isEqualTo(26));
    assertThat(server.chatRequestsFrom(FakeOpenAiServer.LANGCHAIN4J)).isEqualTo(1);
    assertThat(server.chatRequestsFrom(FakeOpenAiServer.OPENAI_JAVA)).isZero();
  }

  @Test
  void callsOnlyTheToolWhoseFirstWordTheQuestionMentions() throws Exception {
    Answer answer = chat("{\"role\": \"user\", \"content\": \"Where is my order #4711?\"}");

    JsonNode calls = answer.json().path("choices").get(0).path("message").path("tool_calls");
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("orderStatus");
    assertThat(calls.get(0).path("function").path("arguments").asText()).isEqualTo("{\"orderId\":\"4711\"}");
    assertThat(answer.json().path("usage").path("completion_tokens").asLong()).isEqualTo(5 + (11 + 18 + 3) / 4);
  }

  @Test
  void answersInTextOnceTheToolResultsFollowTheQuestion() throws Exception {
    Answer answer =
        chat(
            """
            {"role": "user", "content": "Where is my order #4711?"},
            {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
              "function": {"name": "orderStatus", "arguments": "{\\"orderId\\":\\"4711\\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "Order #4711: shipped."}""");

    JsonNode choice = answer.json().path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.path("message").has("tool_calls")).isFalse();
    String content = choice.path("message").path("content").asText();
    // One word per completion token, as for every text answer.
    assertThat(content.split(" ")).hasSize((int) answer.json().path("usage").path("completion_tokens").asLong());
  }

  @Test
  void answersInTextWhenNoToolIsNamedAndIgnoresTheRetrievedTextAfterABlankLine() throws Exception {
    Answer answer =
        chat(
            "{\"role\": \"user\", \"content\": \"How do I reset my password?\\n\\nAnswer using the"
                + " following information:\\nRefunds: a refund for an order takes five days.\"}");

    JsonNode choice = answer.json().path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.path("message").path("content").asText()).isNotBlank();
  }

  @Test
  void aNumberParameterGetsTheOrderNumberAsANumber() throws Exception {
    Answer answer =
        post(
            "/chat/completions",
            """
            {"model": "gpt-4o", "messages": [{"role": "user", "content": "Refund order 123456 please"}],
             "tools": [{"type": "function", "function": {"name": "refund_order", "parameters":
               {"type": "object", "properties": {"order": {"type": "integer"}, "reason": {"type": "string"}}}}}]}
            """,
            "OpenAI/Java 4.101.0");

    JsonNode call = answer.json().path("choices").get(0).path("message").path("tool_calls").get(0);
    assertThat(call.path("function").path("name").asText()).isEqualTo("refund_order");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"order\":123456,\"reason\":\"123456\"}");
    assertThat(server.chatRequestsFrom(FakeOpenAiServer.OPENAI_JAVA)).isEqualTo(1);
  }

  @Test
  void embedsEachInputIntoADeterministicUnitVector() throws Exception {
    String body =
        "{\"model\": \"text-embedding-3-small\", \"input\": [\"Where is my order?\", \"refund\"],"
            + " \"encoding_format\": \"float\"}";

    Answer answer = post("/embeddings", body, "langchain4j-openai");
    Answer again = post("/embeddings", body, "langchain4j-openai");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("object").asText()).isEqualTo("list");
    assertThat(json.path("model").asText()).isEqualTo("text-embedding-3-small");
    JsonNode data = json.path("data");
    assertThat(data).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(data.get(i).path("object").asText()).isEqualTo("embedding");
      assertThat(data.get(i).path("index").asInt()).isEqualTo(i);
      JsonNode vector = data.get(i).path("embedding");
      assertThat(vector).hasSize(8);
      double squares = 0;
      for (JsonNode value : vector) {
        squares += value.asDouble() * value.asDouble();
      }
      assertThat(squares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(again.json().path("data")).isEqualTo(data);
    // ceil(18 / 4) + ceil(6 / 4)
    assertThat(json.path("usage").path("prompt_tokens").asLong()).isEqualTo(7);
    assertThat(json.path("usage").path("total_tokens").asLong()).isEqualTo(7);
    assertThat(server.embeddingRequestCount()).isEqualTo(2);
    assertThat(server.embeddingInputCount()).isEqualTo(4);
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void textsThatShareWordsLieCloserThanTextsThatDoNot() {
    float[] refund = FakeEmbeddings.vector("refund for my order", 8);
    float[] refundPolicy = FakeEmbeddings.vector("Refunds: a refund for an order takes five days.", 8);
    float[] stove = FakeEmbeddings.vector("Gas stoves: stop using a stove that smells of gas.", 8);

    assertThat(cosine(refund, refundPolicy)).isGreaterThan(cosine(refund, stove));
    assertThat(FakeEmbeddings.vector("refund for my order", 8)).containsExactly(refund);
  }

  @Test
  void embedsASingleStringInTheRequestedDimensions() throws Exception {
    Answer answer =
        post(
            "/embeddings",
            "{\"model\": \"text-embedding-3-small\", \"input\": \"shipping to Norway\", \"dimensions\": 4}",
            "langchain4j-openai");

    assertThat(answer.json().path("data")).hasSize(1);
    assertThat(answer.json().path("data").get(0).path("embedding")).hasSize(4);
    assertThat(answer.json().path("usage").path("prompt_tokens").asLong()).isEqualTo(5);
  }

  @Test
  void rejectsAnEmbeddingsRequestWithoutInput() throws Exception {
    Answer answer = post("/embeddings", "{\"model\": \"text-embedding-3-small\"}", "langchain4j-openai");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
