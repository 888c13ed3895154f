package com.acme.support.triage;

import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.List;

/**
 * Feature "triage": routes each new ticket to a queue (billing, shipping, product, account) with a
 * one-word answer from gpt-4o-mini, with blocking calls and a small {@code max_completion_tokens}:
 * many cheap, short calls.
 */
public final class Triage {
  private static final ChatModel MODEL = ChatModel.GPT_4O_MINI;
  private static final String INSTRUCTIONS =
      "Classify the support ticket into exactly one queue: billing, shipping, product, account."
          + " Answer with the queue name only.";
  private static final List<String> TICKETS =
      List.of(
          "I was charged twice for my last order.",
          "Where is my parcel? Tracking has not moved in five days.",
          "The zipper of my sleeping bag broke after two nights.",
          "I cannot log in, the password reset email never arrives.",
          "Do you ship to Norway, and what are the customs fees?",
          "The stove I bought leaks gas at the valve.");

  private final OpenAIClient client;

  public Triage(OpenAIClient client) {
    this.client = client;
  }

  /**
   * @param ticketNumber the ticket's number, part of the prompt as in a real ticket system
   * @return the completion, whose usage the caller accounts; its content is the queue name
   */
  public ChatCompletion classify(int ticketNumber) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .maxCompletionTokens(5)
            .temperature(0.0)
            .addSystemMessage(INSTRUCTIONS)
            .addUserMessage("Ticket #" + ticketNumber + ": " + TICKETS.get(ticketNumber % TICKETS.size()))
            .build();
    return client.chat().completions().create(params);
  }
}
