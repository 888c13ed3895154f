package dev.llmlens.e2e.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * A running service the agent is attached to later (agentmain): the chat service class is
 * already loaded and has served a call when the agent arrives, so only retransformation can
 * cover it. Arguments: base URL, agent jar. Needs {@code -Djdk.attach.allowAttachSelf=true}
 * and {@code -Dscenario.scrapePort}.
 */
public final class AttachLaterApp {

  private AttachLaterApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("sk-test").build();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("before and after").build();
    try {
      System.out.println("BEFORE " + client.chat().completions().create(params).model());
      SelfAttach.loadAgent(args[1]);
      for (int i = 0; i < 2; i++) {
        System.out.println("AFTER " + client.chat().completions().create(params).model());
      }
    } finally {
      client.close();
    }
    System.out.println("--- SCRAPE BEGIN ---");
    System.out.print(PrintedScrape.onceComplete(Integer.getInteger("scenario.scrapePort"), 2));
    System.out.println("--- SCRAPE END ---");
    System.out.println("SCENARIO DONE");
  }
}
