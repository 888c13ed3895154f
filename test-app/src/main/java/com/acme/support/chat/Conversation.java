package com.acme.support.chat;

import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.List;

/**
 * One customer's chat: the customer's scripted messages and the assistant's replies so far. Each
 * turn sends the whole history, so prompts grow turn by turn as in a real chat.
 */
final class Conversation {
  private static final String SYSTEM_PROMPT =
      "You are the support assistant of Acme Outdoor, an online shop for camping gear. Be brief"
          + " and friendly, never promise refunds above 200 USD, and hand over to a human when"
          + " the customer asks for one.";

  private final int customerId;
  private final List<String> customerMessages;
  private final List<String> assistantReplies = new ArrayList<>();

  Conversation(int customerId, List<String> customerMessages) {
    this.customerId = customerId;
    this.customerMessages = customerMessages;
  }

  /** The request for the next turn: system prompt, the history, the customer's next message. */
  ChatCompletionCreateParams nextTurn(ChatModel model) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder()
            .model(model)
            .maxCompletionTokens(400)
            .safetyIdentifier("customer-" + customerId)
            .addSystemMessage(SYSTEM_PROMPT);
    for (int turn = 0; turn < assistantReplies.size(); turn++) {
      params.addUserMessage(customerMessages.get(turn));
      params.addAssistantMessage(assistantReplies.get(turn));
    }
    params.addUserMessage(customerMessages.get(assistantReplies.size()));
    return params.build();
  }

  void recordReply(String reply) {
    assistantReplies.add(reply);
  }

  boolean finished() {
    return assistantReplies.size() == customerMessages.size();
  }
}
