package dev.llmlens.e2e.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmlens.e2e.app.PrintedScrape;
import dev.llmlens.e2e.app.ScenarioPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A LangChain4j application in miniature, against an OpenAI-compatible server: {@code
 * LangChain4jScenarioApp http://127.0.0.1:PORT PLAN} where PLAN is steps separated by commas,
 * each {@code [N*]step[:model]}, e.g. {@code chat,chat-error-429,stream,embed,3*agent,rag}.
 *
 * <p>Steps (default model in brackets):
 *
 * <ul>
 *   <li>{@code chat} [gpt-4o]: {@code ChatModel.chat} blocking; {@code chat-error-429},
 *       {@code -500}, {@code -401}, {@code -404}, {@code -400-context}, {@code -timeout}: short
 *       for {@code chat:MODEL} on a model the scripted server fails that way ({@code limited},
 *       {@code broken}, {@code unauthorized}, {@code unknown-model}, {@code too-long}, {@code
 *       slow});
 *   <li>{@code stream} [streamed-usage]: {@code StreamingChatModel.chat} with a handler;
 *       {@code stream-error} [broken]: the server fails it, the handler's {@code onError};
 *       {@code stream-handler-throws} [streamed-usage]: the app's own {@code onPartialResponse}
 *       throws;
 *   <li>{@code embed} [text-embedding-3-small]: {@code EmbeddingModel.embedAll} of 3 segments;
 *   <li>{@code agent} [gpt-4o]: {@link SupportAgent#answer} with {@link SupportTools};
 *   <li>{@code rag} [gpt-4o]: {@link DocsAssistant#answer}, over an in-memory embedding store
 *       (filled with 3 segments at its first use) and a chat memory;
 *   <li>{@code tool-throws} [gpt-4o]: {@link FlakyAgent#answer}, whose tool throws;
 *   <li>{@code official-chat} [gpt-4o], {@code official-stream} [streamed-usage]: the same as
 *       chat and stream through langchain4j-open-ai-official (openai-java underneath).
 * </ul>
 *
 * <p>It prints one {@code CALL i step model OUTCOME} line per step, what the application saw,
 * for the tests to compare exactly. With {@code -Dscenario.scrapePort=N} it then prints the
 * agent's Prometheus endpoint. The last line is {@code SCENARIO DONE}. Properties: {@code
 * scenario.maxRetries} (1), {@code scenario.timeoutMillis} (10000; a cold JVM's first call on a
 * busy machine can take seconds), {@code scenario.hangTimeoutMillis} (1500, for model {@code
 * slow} only).
 */
public final class LangChain4jScenarioApp {

  static final Map<String, String> ALIASES =
      Map.of(
          "chat-error-429", "chat:limited",
          "chat-error-500", "chat:broken",
          "chat-error-401", "chat:unauthorized",
          "chat-error-404", "chat:unknown-model",
          "chat-error-400-context", "chat:too-long",
          "chat-error-timeout", "chat:slow");

  static final Map<String, String> DEFAULT_MODELS =
      Map.of(
          "stream", "streamed-usage",
          "stream-error", "broken",
          "stream-handler-throws", "streamed-usage",
          "official-stream", "streamed-usage",
          "embed", "text-embedding-3-small");

  private final String baseUrl;
  private final int maxRetries = Integer.getInteger("scenario.maxRetries", 1);
  private final Duration timeout = Duration.ofMillis(Long.getLong("scenario.timeoutMillis", 10_000L));
  /** For the model the scripted server never answers ({@code slow}): short, to time out soon. */
  private final Duration hangTimeout = Duration.ofMillis(Long.getLong("scenario.hangTimeoutMillis", 1_500L));
  private final SupportTools supportTools = new SupportTools();
  private DocsAssistant docsAssistant;
  /** Model calls the steps made, as the application believes: the scrape waits for them. */
  private long modelCalls;

  private LangChain4jScenarioApp(String baseUrl) {
    this.baseUrl = baseUrl + "/v1";
  }

  public static void main(String[] args) throws Exception {
    LangChain4jScenarioApp app = new LangChain4jScenarioApp(args[0]);
    List<String> steps = ScenarioPlan.expand(args[1]);
    for (int i = 0; i < steps.size(); i++) {
      String[] step = ALIASES.getOrDefault(steps.get(i), steps.get(i)).split(":", 2);
      String model = step.length > 1 ? step[1] : DEFAULT_MODELS.getOrDefault(step[0], "gpt-4o");
      String outcome;
      try {
        outcome = app.run(step[0], model);
      } catch (RuntimeException error) {
        outcome = "ERROR " + error.getClass().getName();
      }
      System.out.println("CALL " + i + " " + step[0] + " " + model + " " + outcome);
    }
    PrintedScrape.printIfAsked(app.modelCalls);
    System.out.println("SCENARIO DONE");
    System.exit(0); // the JDK HTTP client's threads would keep a stream-cut JVM a while
  }

  private String run(String step, String model) throws InterruptedException {
    switch (step) {
      case "chat":
        modelCalls++;
        return describe(chatModel(model).chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(dev.langchain4j.data.message.UserMessage.from("Where is my parcel?"))
            .build()));
      case "official-chat":
        modelCalls++;
        return describe(OfficialModels.chat(baseUrl, model, maxRetries, timeout).chat(
            dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Where is my parcel?"))
                .build()));
      case "stream":
      case "stream-error":
        modelCalls++;
        return stream(streamingModel(model), false);
      case "stream-handler-throws":
        modelCalls++;
        return stream(streamingModel(model), true);
      case "official-stream":
        modelCalls++;
        return stream(OfficialModels.streaming(baseUrl, model, timeout), false);
      case "embed":
        modelCalls++;
        Response<List<Embedding>> embeddings = embeddingModel(model).embedAll(segments());
        return "OK " + embeddings.content().size() + " vectors " + tokens(embeddings.tokenUsage());
      case "agent":
        modelCalls += 2;
        int fast = supportTools.fastCalls.get();
        int slow = supportTools.slowCalls.get();
        String answer =
            AiServices.builder(SupportAgent.class)
                .chatModel(chatModel(model))
                .tools(supportTools)
                .build()
                .answer("Where is my parcel?");
        return "OK " + answer + " (fastTool " + (supportTools.fastCalls.get() - fast) + ", slowTool "
            + (supportTools.slowCalls.get() - slow) + ")";
      case "rag":
        modelCalls += docsAssistant == null ? 3 : 2;
        return "OK " + docsAssistant(model).answer("How long does shipping take?");
      case "tool-throws":
        modelCalls += 2;
        return "OK " + AiServices.builder(FlakyAgent.class)
            .chatModel(chatModel(model))
            .tools(new FlakyAgent.Tools())
            .build()
            .answer("Refund my order");
      default:
        throw new IllegalArgumentException("unknown step " + step);
    }
  }

  private ChatModel chatModel(String model) {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test")
        .modelName(model)
        .maxRetries(maxRetries)
        .timeout(timeout(model))
        .build();
  }

  private Duration timeout(String model) {
    return model.equals("slow") ? hangTimeout : timeout;
  }

  private StreamingChatModel streamingModel(String model) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test")
        .modelName(model)
        .timeout(timeout(model))
        .build();
  }

  private EmbeddingModel embeddingModel(String model) {
    return OpenAiEmbeddingModel.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test")
        .modelName(model)
        .maxRetries(maxRetries)
        .timeout(timeout)
        .build();
  }

  private DocsAssistant docsAssistant(String model) {
    if (docsAssistant == null) {
      EmbeddingModel embeddingModel = embeddingModel("text-embedding-3-small");
      InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
      List<TextSegment> segments = segments();
      store.addAll(embeddingModel.embedAll(segments).content(), segments);
      docsAssistant =
          AiServices.builder(DocsAssistant.class)
              .chatModel(chatModel(model))
              .chatMemory(MessageWindowChatMemory.withMaxMessages(10))
              .contentRetriever(
                  EmbeddingStoreContentRetriever.builder()
                      .embeddingStore(store)
                      .embeddingModel(embeddingModel)
                      .maxResults(2)
                      .build())
              .build();
    }
    return docsAssistant;
  }

  private static List<TextSegment> segments() {
    return List.of(
        TextSegment.from("Parcels ship within two working days."),
        TextSegment.from("Refunds take up to ten days."),
        TextSegment.from("The depot is open from 8 to 18."));
  }

  /**
   * Streams and waits for the handler's end: {@code onCompleteResponse}, or {@code onError}
   * (where the app's own failing handler is concerned, the completion may still follow: waits a
   * moment for it).
   */
  private String stream(StreamingChatModel model, boolean handlerThrows) throws InterruptedException {
    StringBuilder text = new StringBuilder();
    List<String> errors = new ArrayList<>();
    ChatResponse[] complete = new ChatResponse[1];
    CountDownLatch completed = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    AtomicBoolean threw = new AtomicBoolean();
    model.chat("Where is my parcel?", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        synchronized (text) {
          text.append(partial);
        }
        if (handlerThrows && !threw.getAndSet(true)) {
          throw new IllegalStateException("the application's own failure");
        }
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        complete[0] = response;
        completed.countDown();
      }

      @Override
      public void onError(Throwable error) {
        synchronized (errors) {
          errors.add(error.getClass().getName());
        }
        failed.countDown();
      }
    });
    long waitMillis = timeout.toMillis() + 5_000;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (completed.getCount() > 0 && System.nanoTime() < deadline) {
      if (failed.await(50, TimeUnit.MILLISECONDS)) {
        // after an error, a completion (if any) follows promptly
        completed.await(handlerThrows ? 2_000 : 300, TimeUnit.MILLISECONDS);
        break;
      }
    }
    String outcome;
    synchronized (text) {
      outcome = "STREAM \"" + text + "\"";
    }
    synchronized (errors) {
      if (!errors.isEmpty()) {
        outcome += " onError " + String.join(" ", errors);
      }
    }
    if (complete[0] != null) {
      outcome += " complete " + tokens(complete[0].tokenUsage());
    }
    return outcome;
  }

  private static String describe(ChatResponse response) {
    return "OK " + response.aiMessage().text() + " " + tokens(response.tokenUsage());
  }

  private static String tokens(TokenUsage usage) {
    return usage == null ? "no-usage" : usage.inputTokenCount() + " " + usage.outputTokenCount();
  }
}
