package dev.llmlens.e2e.langchain4j;

import dev.llmlens.e2e.app.PrintedScrape;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * A LangChain4j 0.x application (before {@code ChatModel}: {@code ChatLanguageModel.generate}),
 * whose API the scenario app is not compiled against: it builds an {@code OpenAiChatModel}
 * reflectively and makes one chat call against the given server, so the agent sees that version
 * and must decide about it. Prints {@code CALL 0 legacy-chat MODEL OK ...} (or {@code ERROR}),
 * the scrape when asked, and {@code SCENARIO DONE}.
 */
public final class LegacyLangChain4jApp {

  private LegacyLangChain4jApp() {}

  public static void main(String[] args) throws Exception {
    String model = args.length > 1 ? args[1] : "gpt-4o";
    Class<?> modelClass = Class.forName("dev.langchain4j.model.openai.OpenAiChatModel");
    Object builder = modelClass.getMethod("builder").invoke(null);
    builder = call(builder, "baseUrl", String.class, args[0] + "/v1");
    builder = call(builder, "apiKey", String.class, "sk-test");
    builder = call(builder, "modelName", String.class, model);
    builder = call(builder, "maxRetries", Integer.class, 0);
    builder = call(builder, "timeout", Duration.class, Duration.ofSeconds(10));
    Object chatModel = builder.getClass().getMethod("build").invoke(builder);
    String outcome;
    try {
      Object answer = chatModel.getClass().getMethod("generate", String.class).invoke(chatModel, "Where is my parcel?");
      outcome = "OK " + answer;
    } catch (java.lang.reflect.InvocationTargetException e) {
      outcome = "ERROR " + e.getCause().getClass().getName();
    }
    System.out.println("CALL 0 legacy-chat " + model + " " + outcome);
    PrintedScrape.printIfAsked(1);
    System.out.println("SCENARIO DONE");
    System.exit(0);
  }

  private static Object call(Object target, String name, Class<?> type, Object value) throws Exception {
    Method method = target.getClass().getMethod(name, type);
    return method.invoke(target, value);
  }
}
