package dev.llmlens.e2e.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** Two blocking chat calls, each printed as {@code AFTER <model>}; for {@link AttachFirstApp}. */
final class AttachedCalls {

  private AttachedCalls() {}

  static void twice(String baseUrl) {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-test").build();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("after the attach").build();
    try {
      for (int i = 0; i < 2; i++) {
        System.out.println("AFTER " + client.chat().completions().create(params).model());
      }
    } finally {
      client.close();
    }
  }
}
