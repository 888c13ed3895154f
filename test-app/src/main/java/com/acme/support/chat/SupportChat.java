package com.acme.support.chat;

import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feature "support-chat": the assistant answering customers in the shop's chat widget, on gpt-4o,
 * with blocking calls. Customers hold short multi-turn conversations; each call answers the next
 * message of a waiting conversation, or of a new customer when none waits.
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
   * @return the completion, whose usage the caller accounts
   */
  public ChatCompletion answerNextMessage() {
    Conversation conversation = waiting.poll();
    if (conversation == null) {
      conversation = newConversation();
    }
    ChatCompletion completion = client.chat().completions().create(conversation.nextTurn(MODEL));
    conversation.recordReply(completion.choices().get(0).message().content().orElse(""));
    if (!conversation.finished()) {
      waiting.add(conversation);
    }
    return completion;
  }

  private Conversation newConversation() {
    int customer = customers.incrementAndGet();
    List<String> script = SCRIPTS.get(customer % SCRIPTS.size());
    int orderNumber = 100_000 + customer * 37;
    List<String> messages =
        script.stream().map(line -> line.contains("%d") ? String.format(line, orderNumber) : line).toList();
    return new Conversation(customer, messages);
  }
}
