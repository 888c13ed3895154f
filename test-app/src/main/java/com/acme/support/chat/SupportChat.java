package com.acme.support.chat;

import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feature "support-chat": the assistant answering customers in the shop's chat widget, on gpt-4o.
 * Customers hold short multi-turn conversations; each call answers the next message of a waiting
 * conversation, or of a new customer when none waits. Every third customer writes from the web
 * widget, which shows the answer as it is written: those conversations stream ({@code
 * createStreaming} with {@code stream_options.include_usage}); the others wait for the whole
 * answer (blocking {@code create}).
 */
public final class SupportChat {
  private static final ChatModel MODEL = ChatModel.GPT_4O;

  /** What customers write, turn by turn; {@code %d} is the customer's order number. */
  private static final List<List<String>> SCRIPTS =
      List.of(
          List.of(
              "Hi, my order #%d was supposed to arrive on Monday and it is still not here.",
              "The tracking page says 'label created' since last week. Can you check?",
              "OK, please send a replacement if it is lost."),
          List.of(
              "The tent I got with order #%d has a broken pole. What can I do?",
              "I already threw away the box, is that a problem?"),
          List.of(
              "Can I change the delivery address for order #%d? I am moving this weekend.",
              "The new address is 12 Harbour Road, Bristol.",
              "Thanks! Will the delivery date change?"),
          List.of(
              "I was charged twice for order #%d.",
              "Yes, both charges show on my card statement from yesterday."));

  private static final ChatCompletionStreamOptions WITH_USAGE =
      ChatCompletionStreamOptions.builder().includeUsage(true).build();

  /**
   * One answer to a customer.
   *
   * @param usage the usage the response reported (the last chunk's, when streamed); null if none
   */
  public record Reply(String text, CompletionUsage usage, boolean streamed) {}

  private final OpenAIClient client;
  /** Conversations whose customer waits for a reply; a thread takes one out while it answers. */
  private final Queue<Conversation> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger customers = new AtomicInteger();

  public SupportChat(OpenAIClient client) {
    this.client = client;
  }

  /**
   * Answers the next customer message. A failed call ends that conversation (the customer gives
   * up) and the exception goes to the caller.
   *
   * @return the answer, whose usage the caller accounts
   */
  public Reply answerNextMessage() {
    Conversation conversation = waiting.poll();
    if (conversation == null) {
      conversation = newConversation();
    }
    ChatCompletionCreateParams params = conversation.nextTurn(MODEL);
    Reply reply = conversation.streams() ? stream(params) : complete(params);
    conversation.recordReply(reply.text());
    if (!conversation.finished()) {
      waiting.add(conversation);
    }
    return reply;
  }

  private Reply complete(ChatCompletionCreateParams params) {
    ChatCompletion completion = client.chat().completions().create(params);
    String text = completion.choices().get(0).message().content().orElse("");
    return new Reply(text, completion.usage().orElse(null), false);
  }

  /** Reads the stream to its end, as the widget does: the text as it comes, the usage last. */
  private Reply stream(ChatCompletionCreateParams params) {
    StringBuilder text = new StringBuilder();
    CompletionUsage usage = null;
    try (StreamResponse<ChatCompletionChunk> chunks =
        client.chat().completions().createStreaming(params.toBuilder().streamOptions(WITH_USAGE).build())) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) chunks.stream()::iterator) {
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
        if (chunk.usage().isPresent()) {
          usage = chunk.usage().get();
        }
      }
    }
    return new Reply(text.toString(), usage, true);
  }

  private Conversation newConversation() {
    int customer = customers.incrementAndGet();
    List<String> script = SCRIPTS.get(customer % SCRIPTS.size());
    int orderNumber = 100_000 + customer * 37;
    List<String> messages =
        script.stream().map(line -> line.contains("%d") ? String.format(line, orderNumber) : line).toList();
    // Every third customer is on the web widget, which streams.
    return new Conversation(customer, messages, customer % 3 == 0);
  }
}
