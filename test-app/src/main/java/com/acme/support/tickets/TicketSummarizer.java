package com.acme.support.tickets;

import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Feature "ticket-summary": when a ticket moves to another agent, gpt-4o-mini writes a short
 * hand-over summary of its thread. It uses the SDK's async client ({@code client.async()}), as a
 * service would for work nobody waits on: the calling thread does not block.
 */
public final class TicketSummarizer {
  private static final ChatModel MODEL = ChatModel.GPT_4O_MINI;
  private static final String INSTRUCTIONS =
      "Summarize this support ticket for the colleague taking it over, in at most three"
          + " sentences: the customer's problem, what was tried, and what is still open.";
  private static final List<String> THREADS =
      List.of(
          """
          Customer: My backpack's hip belt buckle snapped on the first hike.
          Agent: Sorry to hear that! Could you send a photo of the buckle?
          Customer: Photo attached. The backpack is the Trailhead 45, bought in March.
          Agent: Thanks, that looks like a manufacturing defect. Do you prefer a new buckle or a replacement pack?
          Customer: A replacement pack please, I have a trip in two weeks.
          """,
          """
          Customer: I returned two tents three weeks ago and have not been refunded.
          Agent: I can see the return arrived at our warehouse on the 4th.
          Customer: So where is my money?
          Agent: The refund is waiting for a quality check. I have asked the warehouse to hurry.
          Customer: Please let me know today, this is the second time I have had to ask.
          """,
          """
          Customer: The app shows my loyalty points as zero since the update.
          Agent: Could you log out and in again?
          Customer: Done, still zero. I had about 2,400 points before.
          Agent: I have escalated this to the app team with your account id.
          """);

  private final OpenAIClient client;

  public TicketSummarizer(OpenAIClient client) {
    this.client = client;
  }

  /**
   * Starts summarizing a ticket and returns at once.
   *
   * @param ticketNumber the ticket's number, part of the prompt
   * @return the completion, whose usage the caller accounts, when the server has answered
   */
  public CompletableFuture<ChatCompletion> summarize(int ticketNumber) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .maxCompletionTokens(150)
            .addSystemMessage(INSTRUCTIONS)
            .addUserMessage("Ticket #" + ticketNumber + "\n" + THREADS.get(ticketNumber % THREADS.size()))
            .build();
    return client.async().chat().completions().create(params);
  }
}
